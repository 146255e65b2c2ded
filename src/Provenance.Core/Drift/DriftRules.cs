using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;

namespace Provenance.Drift;

/// <summary>The drift rules (PROV601-PROV604) over a semantic diff against the baseline.</summary>
public static class DriftRules
{
    public static void Check(IReadOnlyList<ManifestChange> changes, string baselineName, ProvenanceManifest current, bool releaseBuild, DiagnosticBag diagnostics)
    {
        var process = changes.Where(c => c.Kind.IsProcessChange()).ToList();
        var reviewed = changes.Any(c => c.Kind.IsReviewChange());
        var bytes = changes.Where(c => c.Kind.IsByteChange()).ToList();
        if (bytes.Count > 0 && process.Count == 0)
        {
            foreach (var change in bytes)
            {
                Add(diagnostics, Rules.ByteDriftWithoutExplanation, change.Location, $"{change.Describe()} since {baselineName}, while nothing in the process changed (sources, rights, transforms and exclusion report are the same): byte drift without an explanation. Record what changed in the process and have it reviewed, or restore the data.", releaseBuild);
            }
        }

        if (process.Count > 0 && !reviewed)
        {
            var at = current.ReviewerStatusText?.Location ?? current.Location;
            diagnostics.Add(Rules.UnreviewedProcessChange, at, $"the process changed since {baselineName} ({string.Join("; ", process.Select(c => c.Describe()))}), but the reviewer status and review date did not. Have the change reviewed and record the decision (reviewer_status, reviewed_at).");
        }

        foreach (var change in changes.Where(c => c.Kind == ChangeKind.RiskResolved && c.After is null))
        {
            diagnostics.Add(Rules.RiskDroppedWithoutNote, change.Location, $"the risk '{change.Before}' was in unresolved_risks in {baselineName} and is gone, with no note of how it was resolved. Add it to resolved_risks with its resolution, or put it back.");
        }

        foreach (var change in changes.Where(c => c.Kind is ChangeKind.TransformRemoved or ChangeKind.TransformsReordered))
        {
            Add(diagnostics, Rules.TransformRemovedOrMoved, change.Location, $"{change.Describe()} since {baselineName}. A removed or moved step can let records through that it used to stop (see PROV305): make sure the review covered it.", releaseBuild);
        }
    }

    private static void Add(DiagnosticBag diagnostics, DiagnosticDescriptor descriptor, SourceLocation location, string message, bool releaseBuild)
    {
        var diagnostic = new Diagnostic(descriptor, location, message);
        diagnostics.Add(releaseBuild ? diagnostic.WithSeverity(DiagnosticSeverity.Error) : diagnostic);
    }
}
