using System.Collections.Generic;
using System.Linq;

namespace Provenance.Stamping;

/// <summary>The sentences a model card is searched for: the seed's model-card line and its closing sentence, from the data.</summary>
public static class ProvenanceStory
{
    private static readonly string[] NumberWords = { "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

    /// <summary><c>training_manifest=sha256:&lt;64 hex&gt;; reviewer_status=&lt;status&gt;; unresolved_risks=&lt;risk&gt;; &lt;risk&gt;</c>.</summary>
    public static string ModelCardLine(GateSummary summary) =>
        $"training_manifest={summary.ManifestHash ?? "unknown"}; reviewer_status={summary.ReviewerStatus ?? "missing"}; unresolved_risks={(summary.UnresolvedRisks.Count == 0 ? "none" : string.Join("; ", summary.UnresolvedRisks))}";

    /// <summary>"model support-classifier-v7 trained on manifest 4d81c0ee, built from ..., after ..., with reviewer status ... and two unresolved risks."</summary>
    public static string ClosingSentence(GateSummary summary)
    {
        var model = summary.ModelBuild is null ? "the model" : "model " + summary.ModelBuild;
        var hash = summary.ManifestHash is null ? "(unreadable)" : summary.ManifestHash.Substring("sha256:".Length, 8);
        var risks = summary.UnresolvedRisks.Count;
        var riskWords = (risks < NumberWords.Length ? NumberWords[risks] : risks.ToString()) + (risks == 1 ? " unresolved risk" : " unresolved risks");
        var transforms = summary.Transforms.Select(t => t.Split(' ')[0]).ToList();
        return $"{model} trained on manifest {hash}, built from {Sources(summary.Sources)}, after {(transforms.Count == 0 ? "no recorded transforms" : JoinAnd(transforms))}, with reviewer status {summary.ReviewerStatus ?? "missing"} and {riskWords}.";
    }

    private static string Sources(List<SourceSummary> sources)
    {
        if (sources.Count == 0)
        {
            return "no recorded sources";
        }

        var split = sources.Select(s => s.Id.Split('@')).ToList();
        var versions = split.Select(p => p.Length == 2 ? p[1] : null).Distinct().ToList();
        return versions.Count == 1 && versions[0] is not null
            ? $"{JoinAnd(split.Select(p => p[0]).ToList())} dated {versions[0]}"
            : JoinAnd(sources.Select(s => s.Id).ToList());
    }

    private static string JoinAnd(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Join(string.Empty, items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];
}
