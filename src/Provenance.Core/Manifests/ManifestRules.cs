using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>
/// The rules that read the manifest alone: identity, sources and rights, transforms, review. Digests are checked by
/// <see cref="Verification.EvidenceVerifier"/>; a quarantined status (PROV403) by <see cref="Quarantine.QuarantineEvaluator"/>,
/// because a quarantine record decides which uses it still allows.
/// </summary>
public static class ManifestRules
{
    private static readonly string[] FloatingVersions = { "latest", "current", "head", "main", "master", "newest", "tip", "*", "x" };

    public static void Check(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        if (manifest.Dataset is null || manifest.Dataset.Value.Trim().Length == 0)
        {
            diagnostics.Add(Rules.DatasetMissing, manifest.Location, "the manifest names no dataset. Add 'dataset: <name>' so builds, cards and incidents can refer to it.");
        }

        CheckSources(manifest, diagnostics);
        CheckRights(manifest, diagnostics);
        CheckTransforms(manifest, diagnostics);
        CheckReview(manifest, diagnostics);
    }

    private static void CheckSources(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        if (manifest.SourceRecords.Count == 0)
        {
            diagnostics.Add(Rules.NoSourceRecords, manifest.SourceRecordsLocation ?? manifest.Location, "the manifest lists no source records, so nothing says where the data came from. Add 'source_records:' with one versioned entry per source, such as support-chat-export@2026-05-22 and opt-out-list@2026-05-22.");
            return;
        }

        var seen = new Dictionary<string, SourceRecord>();
        foreach (var source in manifest.SourceRecords)
        {
            if (SourceKey.FirstAmbiguousCharacter(source.Id.Value) is { } ambiguous)
            {
                diagnostics.Add(Rules.InvalidValue, source.Location, $"source '{source.Id.Value}' holds U+{(int)ambiguous.Character:X4} at position {ambiguous.Index + 1}; a source id is printable ASCII with no white space, so a reviewer reads exactly what the gate compares. Retype the id.");
            }

            if (seen.TryGetValue(SourceKey.Of(source.Id.Value), out var first))
            {
                diagnostics.Add(Rules.DuplicateSource, source.Location, $"source '{source.Id.Value}' is listed twice (first at line {first.Location.Line}, as '{first.Id.Value}'). List each source version once.");
                continue;
            }

            seen.Add(SourceKey.Of(source.Id.Value), source);
            if (source.Version is null || source.Version.Trim().Length == 0 || source.Name.Length == 0)
            {
                diagnostics.Add(Rules.SourceNotPinned, source.Location, $"source '{source.Id.Value}' is not pinned to a version. Write it as name@version, naming the exact export, such as {(source.Name.Length == 0 ? "support-chat-export" : source.Name)}@2026-05-22.");
            }
            else if (FloatingVersions.Contains(source.Version.ToLowerInvariant()))
            {
                diagnostics.Add(Rules.SourceNotPinned, source.Location, $"source '{source.Id.Value}' uses '@{source.Version}', which moves; pin the exact export or release, such as {source.Name}@2026-05-22.");
            }
        }
    }

    private static void CheckRights(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        var everySourceHasItsOwn = manifest.SourceRecords.Count > 0 && manifest.SourceRecords.All(s => s.RightsBasis is not null);
        if (manifest.RightsBasis is null || manifest.RightsBasis.Value.Trim().Length == 0)
        {
            if (!everySourceHasItsOwn)
            {
                diagnostics.Add(Rules.RightsBasisMissing, manifest.RightsBasis?.Location ?? manifest.Location, "the manifest declares no rights basis: nothing says why this data may be used. Add 'rights_basis:' naming the versioned policy or license, such as internal-use-policy-2026-04 + customer-exclusion-log.");
            }
        }
        else
        {
            CheckVague(manifest.RightsBasis, "the manifest's rights_basis", diagnostics);
        }

        foreach (var source in manifest.SourceRecords)
        {
            if (source.RightsBasis is not null)
            {
                CheckVague(source.RightsBasis, $"the rights_basis of source '{source.Id.Value}'", diagnostics);
            }
        }
    }

    private static void CheckVague(Located<string> rightsBasis, string what, DiagnosticBag diagnostics)
    {
        if (RightsBasisPolicy.IsVague(rightsBasis.Value, out var reason))
        {
            diagnostics.Add(Rules.RightsBasisVague, rightsBasis.Location, $"{what} is vague: {reason}. Name the versioned policy or license that allows this use, such as internal-use-policy-2026-04 + customer-exclusion-log.");
        }
    }

    private static void CheckTransforms(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        var transforms = manifest.Transforms;
        if (transforms.Count == 0)
        {
            diagnostics.Add(Rules.NoTransforms, manifest.TransformsLocation ?? manifest.Location, "the manifest lists no transforms, so nothing says how the sources became this dataset. List every step in order with its version, such as pii-redaction-v3, opt-out-removal-v2, dedupe-v2 threshold=0.84.");
        }

        var seen = new Dictionary<string, TransformStep>();
        foreach (var step in transforms)
        {
            if (step.Version is null)
            {
                var at = step.Name.LastIndexOf('@');
                var advice = at > 0
                    ? $"The short form is name-vN (a number). For a semantic version or a commit, use the long form:\n  - name: {step.Name.Substring(0, at)}\n    version: {step.Name.Substring(at + 1)}"
                    : $"The short form is name-vN: write it as {step.Name}-v1 (or the number that ran). For a semantic version or the commit of the script, use the long form with 'version:' (1.2.0, a1b2c3d).";
                diagnostics.Add(Rules.TransformNotVersioned, step.Location, $"transform '{step.Name}' has no version, so a review cannot tell which implementation ran. {advice}");
            }

            var key = step.ToString();
            if (seen.TryGetValue(key, out var first))
            {
                diagnostics.Add(Rules.DuplicateTransform, step.Location, $"transform '{key}' is listed twice (first at line {first.Location.Line}). If it really ran twice, give each run its own inputs in the long form.");
            }
            else
            {
                seen.Add(key, step);
            }
        }

        var optOutLists = manifest.SourceRecords.Where(s => s.IsOptOutList).ToList();
        if (optOutLists.Count > 0 && !transforms.Any(t => OptOutNames.RemovesOptOuts(t.Name)))
        {
            diagnostics.Add(Rules.OptOutNotRemoved, optOutLists[0].Location, $"source '{optOutLists[0].Id.Value}' is an opt-out list, but no transform removes opted-out records. Add the removal step that ran, such as opt-out-removal-v2, after the list was loaded.");
        }

        var removing = transforms.FirstOrDefault(t => OptOutNames.RemovesRecords(t.Name));
        if (manifest.ExclusionReport is null && (removing is not null || optOutLists.Count > 0))
        {
            var why = removing is not null ? $"transform '{removing.VersionedName}' removes records" : $"source '{optOutLists[0].Id.Value}' is an opt-out list";
            diagnostics.Add(Rules.ExclusionReportMissing, removing?.Location ?? optOutLists[0].Location, $"{why}, but the manifest has no exclusion_report. Add 'exclusion_report:' with the path (and sha256) of the report of removed records, such as removed-records-8841.json.");
        }

        CheckInputs(manifest, diagnostics);
    }

    private static int? FirstAfter(Dictionary<string, List<int>> positions, string name, int index)
    {
        if (!positions.TryGetValue(name, out var list))
        {
            return null;
        }

        var at = list.BinarySearch(index + 1);
        at = at >= 0 ? at : ~at;
        return at < list.Count ? list[at] : null;
    }

    private static void CheckInputs(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        var available = new HashSet<string>();
        foreach (var source in manifest.SourceRecords)
        {
            available.Add(source.Id.Value);
            available.Add(source.Name);
        }

        var transforms = manifest.Transforms;
        // Where each name runs, in order: finding "the step that runs later" must not rescan the list (80,000 steps).
        var positions = new Dictionary<string, List<int>>();
        for (var i = 0; i < transforms.Count; i++)
        {
            foreach (var name in new[] { transforms[i].Name, transforms[i].VersionedName }.Distinct())
            {
                if (!positions.TryGetValue(name, out var list))
                {
                    positions[name] = list = new List<int>();
                }

                list.Add(i);
            }
        }

        for (var i = 0; i < transforms.Count; i++)
        {
            var step = transforms[i];
            foreach (var input in step.Inputs)
            {
                if (available.Contains(input.Value))
                {
                    continue;
                }

                var later = FirstAfter(positions, input.Value, i) is { } index ? transforms[index] : null;
                var message = later is not null
                    ? $"transform '{step.VersionedName}' takes '{input.Value}' as input, but '{later.VersionedName}' runs later (line {later.Location.Line}): this step ran before its input existed. Reorder the transforms to the order they ran, or fix the input."
                    : $"transform '{step.VersionedName}' takes '{input.Value}' as input, which is neither a source record nor an earlier transform. Name a source record id or the name of a transform listed above it.";
                diagnostics.Add(Rules.TransformInputUnavailable, input.Location, message);
            }

            available.Add(step.Name);
            available.Add(step.VersionedName);
        }
    }

    private static void CheckReview(ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        if (manifest.ReviewerStatusText is null)
        {
            diagnostics.Add(Rules.ReviewerStatusMissing, manifest.Location, $"the manifest has no reviewer_status, so nothing shows a person reviewed this data for this use. Add 'reviewer_status:' ({ReviewerStatusNames.AllowedValues}) from the review decision.");
        }

        CheckStatus(manifest.ReviewerStatus, manifest.ReviewerStatusText, "the manifest", manifest, diagnostics);
        foreach (var source in manifest.SourceRecords)
        {
            CheckStatus(source.ReviewerStatus, source.ReviewerStatusText, $"source '{source.Id.Value}'", manifest, diagnostics);
        }
    }

    private static void CheckStatus(ReviewerStatus? status, Located<string>? text, string what, ProvenanceManifest manifest, DiagnosticBag diagnostics)
    {
        if (status is null || text is null)
        {
            return;
        }

        switch (status.Value)
        {
            case ReviewerStatus.Rejected:
                diagnostics.Add(Rules.ReviewRejected, text.Location, $"the reviewer rejected {what}; it cannot be used for training. Remove the data or record a new review decision.");
                break;
            case ReviewerStatus.AcceptedWithLimits when manifest.UnresolvedRisks.Count == 0:
                diagnostics.Add(Rules.LimitsWithoutRisks, text.Location, $"{what} is accepted_with_limits, but unresolved_risks is empty: the limits must travel to the model card. List them under 'unresolved_risks:'.");
                break;
        }
    }
}
