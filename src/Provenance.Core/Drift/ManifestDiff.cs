using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;

namespace Provenance.Drift;

/// <summary>
/// Compares two manifests by meaning, not text: sources by name, transforms by name and order, digests by path. A digest
/// catches byte drift; this diff catches process drift.
/// </summary>
public static class ManifestDiff
{
    public static IReadOnlyList<ManifestChange> Compare(ProvenanceManifest baseline, ProvenanceManifest current)
    {
        var changes = new List<ManifestChange>();
        CompareSources(baseline, current, changes);
        if (baseline.RightsBasis?.Value != current.RightsBasis?.Value)
        {
            changes.Add(new ManifestChange(ChangeKind.RightsBasisChanged, "rights_basis", baseline.RightsBasis?.Value, current.RightsBasis?.Value, At(current.RightsBasis?.Location, current)));
        }

        CompareTransforms(baseline, current, changes);
        var oldReport = Describe(baseline.ExclusionReport);
        var newReport = Describe(current.ExclusionReport);
        if (oldReport != newReport)
        {
            changes.Add(new ManifestChange(ChangeKind.ExclusionReportChanged, "exclusion_report", oldReport, newReport, At(current.ExclusionReport?.Location, current)));
        }

        if (baseline.ReviewerStatusText?.Value != current.ReviewerStatusText?.Value)
        {
            changes.Add(new ManifestChange(ChangeKind.ReviewerStatusChanged, "reviewer_status", baseline.ReviewerStatusText?.Value, current.ReviewerStatusText?.Value, At(current.ReviewerStatusText?.Location, current)));
        }

        if (baseline.ReviewedAt?.Value != current.ReviewedAt?.Value)
        {
            changes.Add(new ManifestChange(ChangeKind.ReviewDateChanged, "reviewed_at", baseline.ReviewedAt?.Value, current.ReviewedAt?.Value, At(current.ReviewedAt?.Location, current)));
        }

        CompareRisks(baseline, current, changes);
        CompareDigests(baseline, current, changes);
        return changes;
    }

    private static void CompareSources(ProvenanceManifest baseline, ProvenanceManifest current, List<ManifestChange> changes)
    {
        var before = Sources(baseline);
        var after = Sources(current);
        foreach (var source in after)
        {
            var old = before.FirstOrDefault(s => s.Name == source.Name);
            if (old.Name is null)
            {
                changes.Add(new ManifestChange(ChangeKind.SourceAdded, source.Name, null, source.Id, source.Location));
                continue;
            }

            if (old.Version != source.Version)
            {
                changes.Add(new ManifestChange(ChangeKind.SourceRepinned, source.Name, old.Version is null ? null : "@" + old.Version, source.Version is null ? null : "@" + source.Version, source.Location));
            }

            if (old.Rights != source.Rights)
            {
                changes.Add(new ManifestChange(ChangeKind.SourceRightsChanged, source.Name, old.Rights, source.Rights, source.Location));
            }
        }

        foreach (var old in before.Where(o => after.All(a => a.Name != o.Name)))
        {
            changes.Add(new ManifestChange(ChangeKind.SourceRemoved, old.Name, old.Id, null, At(current.SourceRecordsLocation, current)));
        }
    }

    private static List<(string Name, string? Version, string Id, string? Rights, SourceLocation Location)> Sources(ProvenanceManifest manifest)
    {
        var sources = manifest.SourceRecords.Select(s => (s.Name, s.Version, s.Id.Value, s.RightsBasis?.Value, s.Location)).ToList();
        if (manifest.LegacySource is not null && sources.Count == 0)
        {
            var (name, version) = SourceRecord.Split(manifest.LegacySource.Value);
            sources.Add((name, version, manifest.LegacySource.Value, null, manifest.LegacySource.Location));
        }

        return sources;
    }

    private static void CompareTransforms(ProvenanceManifest baseline, ProvenanceManifest current, List<ManifestChange> changes)
    {
        foreach (var step in current.Transforms)
        {
            var old = baseline.Transforms.FirstOrDefault(t => t.Name == step.Name);
            if (old is null)
            {
                changes.Add(new ManifestChange(ChangeKind.TransformAdded, step.Name, null, step.ToString(), step.Location));
                continue;
            }

            if (old.Version?.Value != step.Version?.Value)
            {
                changes.Add(new ManifestChange(ChangeKind.TransformReversioned, step.Name, old.Version is null ? null : "v" + old.Version.Value, step.Version is null ? null : "v" + step.Version.Value, step.Location));
            }

            var oldParameters = Parameters(old);
            var newParameters = Parameters(step);
            if (oldParameters != newParameters)
            {
                changes.Add(new ManifestChange(ChangeKind.TransformParametersChanged, step.Name, oldParameters, newParameters, step.Location));
            }
        }

        foreach (var old in baseline.Transforms.Where(o => current.Transforms.All(t => t.Name != o.Name)))
        {
            changes.Add(new ManifestChange(ChangeKind.TransformRemoved, old.Name, old.ToString(), null, At(current.TransformsLocation, current)));
        }

        var oldOrder = baseline.Transforms.Select(t => t.Name).Where(n => current.Transforms.Any(t => t.Name == n)).ToList();
        var newOrder = current.Transforms.Select(t => t.Name).Where(n => baseline.Transforms.Any(t => t.Name == n)).ToList();
        if (!oldOrder.SequenceEqual(newOrder))
        {
            changes.Add(new ManifestChange(ChangeKind.TransformsReordered, "transforms", string.Join(", ", oldOrder), string.Join(", ", newOrder), At(current.TransformsLocation, current)));
        }
    }

    private static string Parameters(TransformStep step) => string.Join(" ", step.Parameters.Select(p => p.Key + "=" + p.Value));

    private static void CompareRisks(ProvenanceManifest baseline, ProvenanceManifest current, List<ManifestChange> changes)
    {
        foreach (var risk in current.UnresolvedRisks.Where(r => baseline.UnresolvedRisks.All(o => o.Value != r.Value)))
        {
            changes.Add(new ManifestChange(ChangeKind.RiskAdded, risk.Value, null, risk.Value, risk.Location));
        }

        foreach (var risk in baseline.UnresolvedRisks.Where(r => current.UnresolvedRisks.All(n => n.Value != r.Value)))
        {
            var note = current.ResolvedRisks.FirstOrDefault(r => r.Risk.Value == risk.Value);
            changes.Add(new ManifestChange(ChangeKind.RiskResolved, risk.Value, risk.Value, note?.Resolution.Value, note?.Risk.Location ?? current.Location));
        }
    }

    private static void CompareDigests(ProvenanceManifest baseline, ProvenanceManifest current, List<ManifestChange> changes)
    {
        if (baseline.Artifact?.Sha256 is not null || current.Artifact?.Sha256 is not null)
        {
            var oldDigest = Normalize(baseline.Artifact?.Sha256?.Value);
            var newDigest = Normalize(current.Artifact?.Sha256?.Value);
            if (oldDigest != newDigest || baseline.Artifact?.Path?.Value != current.Artifact?.Path?.Value)
            {
                var subject = "artifact" + (current.Artifact?.Path is null ? string.Empty : " " + current.Artifact.Path.Value);
                changes.Add(new ManifestChange(ChangeKind.DigestChanged, subject, oldDigest, newDigest, At(current.Artifact?.Sha256?.Location, current)));
            }
        }

        var before = Files(baseline);
        var after = Files(current);
        foreach (var pair in after)
        {
            var path = pair.Key;
            var file = pair.Value;
            if (!before.TryGetValue(path, out var old))
            {
                changes.Add(new ManifestChange(ChangeKind.FileAdded, path, null, Normalize(file.Sha256?.Value), file.Location));
            }
            else if (Normalize(old.Sha256?.Value) != Normalize(file.Sha256?.Value))
            {
                changes.Add(new ManifestChange(ChangeKind.DigestChanged, path, Normalize(old.Sha256?.Value), Normalize(file.Sha256?.Value), file.Sha256?.Location ?? file.Location));
            }
        }

        foreach (var path in before.Keys.Where(p => !after.ContainsKey(p)))
        {
            changes.Add(new ManifestChange(ChangeKind.FileRemoved, path, Normalize(before[path].Sha256?.Value), null, current.Location));
        }
    }

    private static Dictionary<string, EvidenceFile> Files(ProvenanceManifest manifest)
    {
        var files = new Dictionary<string, EvidenceFile>();
        foreach (var file in manifest.Files.Concat(manifest.SourceRecords.Select(s => s.Evidence)).Where(f => f?.Path is not null))
        {
            files[file!.Path!.Value.Replace('\\', '/')] = file;
        }

        return files;
    }

    private static string? Normalize(string? digest)
    {
        if (digest is null)
        {
            return null;
        }

        var body = digest.StartsWith("sha256:", System.StringComparison.OrdinalIgnoreCase) ? digest.Substring(7) : digest;
        return "sha256:" + body.ToLowerInvariant();
    }

    private static string? Describe(EvidenceFile? report) =>
        report?.Path is null ? null : report.Path.Value + (report.Sha256 is null ? string.Empty : " (" + Normalize(report.Sha256.Value) + ")");

    private static SourceLocation At(SourceLocation? location, ProvenanceManifest manifest) => location ?? manifest.Location;
}
