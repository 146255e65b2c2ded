using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;
using Provenance.Verification;

namespace Provenance.Quarantine;

/// <summary>Applies quarantine records to the manifest's sources for one intended use (PROV403, PROV501, PROV503-PROV506).</summary>
public sealed class QuarantineEvaluator
{
    private readonly EvidenceVerifier verifier;

    public QuarantineEvaluator(EvidenceVerifier verifier) => this.verifier = verifier;

    public IReadOnlyList<QuarantineHistoryEntry> Evaluate(ProvenanceManifest manifest, IReadOnlyList<QuarantineRecord> records, string use, DiagnosticBag diagnostics)
    {
        var history = new List<QuarantineHistoryEntry>();
        var manifestDirectory = Path.GetDirectoryName(manifest.Path) ?? ".";
        var covered = new HashSet<SourceRecord>();
        foreach (var record in records)
        {
            var where = Describe(record, manifestDirectory);
            // Respelt ids (case, '_', a trailing space, a look-alike letter, a time on the date) are the same source.
            var sources = record.SourceRecord is null
                ? new List<SourceRecord>()
                : manifest.SourceRecords.Where(s => SourceKey.Of(s.Id.Value) == SourceKey.Of(record.SourceRecord.Value)).ToList();
            if (sources.Count == 0)
            {
                ReportUnrelated(manifest, record, where, diagnostics);
                continue;
            }

            var exitEvidence = verifier.Verify(record.ExitEvidence, Path.GetDirectoryName(record.Path) ?? ".", diagnostics, hashUndeclared: true);
            var active = record.Status == QuarantineStatus.Active || !record.IsValid;
            var blocks = active && record.Blocks(use);
            history.Add(new QuarantineHistoryEntry(record, where, blocks, exitEvidence));
            foreach (var source in sources)
            {
                if (active)
                {
                    covered.Add(source);
                    CheckActive(manifest, source, record, where, use, blocks, diagnostics);
                }
                else
                {
                    CheckLifted(source, record, where, exitEvidence, diagnostics);
                }
            }
        }

        ReportUnexplainedQuarantineStatus(manifest, covered, history, diagnostics);
        return history;
    }

    private static void ReportUnexplainedQuarantineStatus(ProvenanceManifest manifest, HashSet<SourceRecord> covered, List<QuarantineHistoryEntry> history, DiagnosticBag diagnostics)
    {
        if (manifest.SourceRecords.Count == 0 && manifest.ReviewerStatus == ReviewerStatus.Quarantined && manifest.ReviewerStatusText is not null)
        {
            diagnostics.Add(Rules.ReviewQuarantined, manifest.ReviewerStatusText.Location, "the manifest is marked quarantined; no use of its data is allowed until a quarantine record says which uses remain allowed, or the reviewer records a new status.");
            return;
        }

        var reported = new HashSet<Located<string>>();
        foreach (var source in manifest.SourceRecords)
        {
            var status = source.ReviewerStatus ?? manifest.ReviewerStatus;
            var statusText = source.ReviewerStatusText ?? manifest.ReviewerStatusText;
            if (status == ReviewerStatus.Quarantined && statusText is not null && !covered.Contains(source) && reported.Add(statusText))
            {
                var lifted = history.FirstOrDefault(h => h.Record.SourceRecord is not null && SourceKey.Of(h.Record.SourceRecord.Value) == SourceKey.Of(source.Id.Value));
                if (lifted is not null)
                {
                    diagnostics.Add(Rules.QuarantineStatusMismatch, statusText.Location, $"source '{source.Id.Value}' is still marked quarantined, but its quarantine record {lifted.RelativePath} was lifted. Record the reviewer's new status for the source.");
                }
                else if (source.ReviewerStatusText is null && covered.Count > 0)
                {
                    diagnostics.Add(Rules.ReviewQuarantined, statusText.Location, $"the manifest's reviewer_status 'quarantined' applies to every source, and no quarantine record covers '{source.Id.Value}', so every use of it is blocked. If only some sources are quarantined, give each source its own status in the long form:\n\n{PerSourceStatus(manifest, covered)}");
                }
                else
                {
                    diagnostics.Add(Rules.ReviewQuarantined, statusText.Location, $"source '{source.Id.Value}' is marked quarantined, but no quarantine record says which uses remain allowed or what ends it, so every use is blocked. Add a record under quarantine/ (source_record, trigger, blocked_use, allowed_use, exit_condition), or record a new reviewer status.");
                }
            }
        }
    }

    private static void CheckActive(ProvenanceManifest manifest, SourceRecord source, QuarantineRecord record, string where, string use, bool blocks, DiagnosticBag diagnostics)
    {
        if (blocks)
        {
            var why = !record.IsValid
                ? "the record is not valid, so it blocks every use"
                : record.BlockedUses.Contains(use) ? $"it blocks '{use}'" : $"'{use}' is not among its allowed uses ({Join(record.AllowedUses)}), and a quarantine blocks what it does not allow";
            var spelling = source.Id.Value == record.SourceRecord!.Value ? string.Empty : $" (the record names it '{record.SourceRecord.Value}'; a respelt id is the same source)";
            diagnostics.Add(Rules.QuarantineBlocksUse, source.Location, $"source '{source.Id.Value}'{spelling} is quarantined by {where} ({why}). Trigger: {record.Trigger?.Value ?? "(none)"}. Exit condition: {record.ExitCondition?.Value ?? "(none)"}. Meet the exit condition and lift the record with its exit evidence{OtherUse(record, use)}.");
        }

        var status = source.ReviewerStatus ?? manifest.ReviewerStatus;
        var statusText = source.ReviewerStatusText ?? manifest.ReviewerStatusText;
        if (status is ReviewerStatus.Accepted or ReviewerStatus.AcceptedWithLimits && statusText is not null)
        {
            diagnostics.Add(Rules.QuarantineStatusMismatch, statusText.Location, $"the manifest says '{source.Id.Value}' is {status.Value.ToName()}, but {where} holds it in an active quarantine. Either lift the record with its exit evidence, or mark that source quarantined in the long form, keeping the others' status:\n\n{PerSourceStatus(manifest, new HashSet<SourceRecord> { source })}");
        }
    }

    private void CheckLifted(SourceRecord source, QuarantineRecord record, string where, IReadOnlyList<VerifiedFile> exitEvidence, DiagnosticBag diagnostics)
    {
        var at = record.StatusText?.Location ?? record.Location;
        if (record.ExitEvidence.Count == 0)
        {
            diagnostics.Add(Rules.QuarantineLiftedWithoutEvidence, at, $"the quarantine of '{source.Id.Value}' in {where} is marked lifted without exit_evidence. List the evidence that met the exit condition ({record.ExitCondition?.Value ?? "see exit_condition"}) with its sha256, or set the record back to active.");
        }
        else if (exitEvidence.Count < record.ExitEvidence.Count)
        {
            var failed = record.ExitEvidence
                .Where(e => e.Path is null || !exitEvidence.Any(v => v.ManifestPath == e.Path.Value))
                .Select(e => e.Path is null ? $"an entry without a path (line {e.Location.Line})" : $"'{e.Path.Value}' (line {e.Path.Location.Line})")
                .ToList();
            diagnostics.Add(Rules.QuarantineLiftedWithoutEvidence, at, $"the quarantine of '{source.Id.Value}' in {where} is marked lifted, but {failed.Count} of its {record.ExitEvidence.Count} exit evidence files could not be verified: {string.Join(", ", failed)}; the error at each line says why. Until they verify, the quarantine is not lifted.");
        }
    }

    private static void ReportUnrelated(ProvenanceManifest manifest, QuarantineRecord record, string where, DiagnosticBag diagnostics)
    {
        if (record.SourceRecord is null)
        {
            return;
        }

        var sameName = manifest.SourceRecords.FirstOrDefault(s => SourceKey.Of(s.Name) == SourceKey.Of(record.SourceName));
        if (sameName is not null && record.Status == QuarantineStatus.Active)
        {
            diagnostics.Add(Rules.QuarantineOtherVersion, record.SourceRecord.Location, $"{where} quarantines '{record.SourceRecord.Value}', and the manifest uses '{sameName.Id.Value}', another version of the same source. If the disputed export was re-exported, the new version may carry the same problem: check the trigger ({record.Trigger?.Value ?? "(none)"}) against it.");
        }
        else
        {
            diagnostics.Add(Rules.QuarantineUnrelated, record.SourceRecord.Location, $"{where} is about '{record.SourceRecord.Value}', which this manifest does not use.");
        }
    }

    private static string Describe(QuarantineRecord record, string manifestDirectory)
    {
        var full = Path.GetFullPath(record.Path);
        var root = Path.GetFullPath(manifestDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var relative = full.StartsWith(root, System.StringComparison.Ordinal) ? full.Substring(root.Length) : full;
        return relative.Replace('\\', '/');
    }

    /// <summary>A source_records snippet in the long form: the given sources quarantined, the others with their status.</summary>
    private static string PerSourceStatus(ProvenanceManifest manifest, ISet<SourceRecord> quarantined)
    {
        var text = new System.Text.StringBuilder("source_records:");
        foreach (var source in manifest.SourceRecords)
        {
            var status = quarantined.Contains(source) ? "quarantined" : (source.ReviewerStatus is { } own && own != ReviewerStatus.Quarantined ? own : manifest.ReviewerStatus is { } top && top != ReviewerStatus.Quarantined ? top : ReviewerStatus.Accepted).ToName();
            text.Append("\n  - id: ").Append(source.Id.Value).Append("\n    reviewer_status: ").Append(status);
        }

        return text.ToString();
    }

    /// <summary>What else may be built while the record is active; for training, another use gates but does not train.</summary>
    private static string OtherUse(QuarantineRecord record, string use)
    {
        var allowed = record.AllowedUses.Where(u => u != use && !record.BlockedUses.Contains(u)).ToList();
        if (!record.IsValid || allowed.Count == 0)
        {
            return "; the record allows no other use";
        }

        var example = $"-p:ProvenanceUse={allowed[0]}";
        return use == Uses.Training
            ? $". Until then the record allows only {Join(allowed)}: a build with {example} gates and stamps for that use and does not train"
            : $", or build for an allowed use ({Join(allowed)}) with {example}";
    }

    private static string Join(IReadOnlyList<string> uses) => uses.Count == 0 ? "none" : string.Join(", ", uses);
}
