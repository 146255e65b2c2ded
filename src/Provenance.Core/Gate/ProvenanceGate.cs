using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Manifests;
using Provenance.Quarantine;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The provenance gate: finds and reads the manifest, runs every rule, verifies every digest against the bytes on disk,
/// applies quarantine records for the intended use, then suppressions and the mode. Never throws for bad input.
/// </summary>
public static class ProvenanceGate
{
    public static GateResult Run(GateOptions options)
    {
        var diagnostics = new DiagnosticBag();
        string? manifestPath = null;
        ProvenanceManifest? manifest = null;
        string? manifestHash = null;
        byte[]? manifestBytes = null;
        IReadOnlyList<string> quarantinePaths = Array.Empty<string>();
        IReadOnlyList<VerifiedFile> verified = Array.Empty<VerifiedFile>();
        IReadOnlyList<QuarantineHistoryEntry> history = Array.Empty<QuarantineHistoryEntry>();
        EvidenceVerifier? verifier = null;
        IReadOnlyList<Drift.ManifestChange> changes = Array.Empty<Drift.ManifestChange>();
        DigestCache? cache = null;
        DataRootPolicy? policy = null;
        try
        {
            if (!Uses.IsToken(options.Use))
            {
                diagnostics.Add(Rules.InvalidSetting, new SourceLocation(options.SettingsFile), $"ProvenanceUse '{options.Use}' is not a use token. Use a kebab-case token such as training, evaluation, benchmark-publication or incident-reproduction.");
            }

            manifestPath = ManifestLocator.Find(options.ProjectDirectory, options.ManifestPath, diagnostics, options.SettingsFile);
            manifestBytes = manifestPath is null ? null : DocumentLoader.Read(manifestPath, options.Limits, diagnostics);
            if (manifestPath is not null && manifestBytes is not null)
            {
                var manifestDirectory = Path.GetDirectoryName(manifestPath)!;
                quarantinePaths = options.QuarantineRecordPaths?.Select(p => Path.GetFullPath(Path.Combine(options.ProjectDirectory, p))).ToList()
                    ?? QuarantineRecordDiscovery.Find(manifestDirectory, diagnostics);
                if (diagnostics.Items.Count == 0 && GateState.TryReplay(options, manifestPath, manifestBytes, quarantinePaths) is { } replayed
                    && !replayed.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning && options.TreatWarningAsError?.Invoke(d.Id) == true))
                {
                    return replayed;
                }

                manifestHash = ManifestHash.Compute(manifestBytes);
                var document = DocumentLoader.Parse(manifestPath, manifestBytes, options.Limits, diagnostics);
                manifest = document is null ? null : ManifestReader.Read(document, diagnostics);
            }

            if (manifest is not null)
            {
                ManifestRules.Check(manifest, diagnostics);
                var manifestDirectory = Path.GetDirectoryName(manifest.Path)!;
                var roots = options.DataRoots.Count == 0
                    ? new[] { manifestDirectory }
                    : options.DataRoots.Select(r => Path.GetFullPath(Path.Combine(options.ProjectDirectory, r))).ToArray();
                cache = options.DigestCachePath is null ? null : DigestCache.Load(options.DigestCachePath);
                policy = new DataRootPolicy(roots);
                verifier = new EvidenceVerifier(policy, options.MaxParallelism, options.CancellationToken, cache, options.VerifyDigests, options.Progress)
                {
                    MaxFileBytes = options.MaxDataFileBytes,
                    SettleTime = options.CacheSettleTime ?? SettleTime.Default,
                };
                var evidence = manifest.AllEvidence().ToList();
                var croissant = ReadCroissant(manifest, verifier, policy, manifestDirectory, options.Limits, diagnostics);
                if (evidence.Concat(croissant.Files).All(e => e.Sha256 is null))
                {
                    diagnostics.Add(Rules.NoDigest, manifest.Location, "the manifest declares no digest, so nothing ties it to the bytes that were trained on. Add 'artifact: <path>' with 'sha256: <64 hex>', or list the data under 'files:' with a sha256 each.");
                }

                verified = verifier.Verify(evidence, manifestDirectory, diagnostics)
                    .Concat(croissant.Directory is null ? Array.Empty<VerifiedFile>() : verifier.Verify(croissant.Files, croissant.Directory, diagnostics))
                    .ToList();
                var records = LoadQuarantineRecords(quarantinePaths, options.Limits, diagnostics);
                history = new QuarantineEvaluator(verifier).Evaluate(manifest, records, options.Use, diagnostics);
                if (!string.IsNullOrWhiteSpace(options.Baseline))
                {
                    var baseline = Drift.BaselineLoader.Load(options.Baseline!, options.ProjectDirectory, manifest.Path, options.Limits, diagnostics);
                    if (baseline is not null)
                    {
                        changes = Drift.ManifestDiff.Compare(baseline, manifest);
                        Drift.DriftRules.Check(changes, options.Baseline!, manifest, options.ReleaseBuild && options.Mode == GateMode.Enforce, diagnostics);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What verified before the cancellation is kept, so the next build continues from there.
            SaveCache(cache);
            policy?.Dispose();
            throw;
        }
        catch (Exception ex)
        {
            diagnostics.Add(Rules.InternalError, new SourceLocation(manifestPath), $"the gate failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Nothing was verified; this is a bug in Provenance.Build, please report it with the input that caused it.");
        }

        SaveCache(cache);
        policy?.Dispose();
        var final = Finish(diagnostics.Items, options);
        var result = new GateResult(options, manifestPath, manifest, manifestHash, final, verified, history, verifier?.Statistics ?? new VerificationStatistics())
        {
            Baseline = options.Baseline,
            Changes = changes,
            AllFilesSettled = verifier is null || !verifier.SawUnsettledFile,
            ObservedFiles = verifier?.Observed.Select(o => o.Path.FullPath).OrderBy(p => p, StringComparer.Ordinal).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>(),
        };
        WriteOutputs(options, result, manifestBytes, quarantinePaths, verifier);
        return result;
    }

    private static void WriteOutputs(GateOptions options, GateResult result, byte[]? manifestBytes, IReadOnlyList<string> quarantinePaths, EvidenceVerifier? verifier)
    {
        try
        {
            if (options.SummaryPath is not null)
            {
                var summary = GateSummary.From(result).ToJson();
                AtomicFile.WriteIfChanged(options.SummaryPath, summary);
                result.SummaryDigest = GateSummary.Digest(summary);
            }

            if (manifestBytes is null || verifier is null)
            {
                GateState.Delete(options.StatePath);
            }
            else
            {
                GateState.Save(options, result, manifestBytes, quarantinePaths, verifier.Observed);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The summary and state are derived files: without them the next build runs in full and the stamps are skipped.
            GateState.Delete(options.StatePath);
        }
    }

    /// <summary>The FileObjects of the manifest's Croissant metadata, with the folder their contentUrls are relative to.</summary>
    private static (IReadOnlyList<EvidenceFile> Files, string? Directory) ReadCroissant(ProvenanceManifest manifest, EvidenceVerifier verifier, DataRootPolicy policy, string manifestDirectory, ReadLimits limits, DiagnosticBag diagnostics)
    {
        if (manifest.Croissant is null)
        {
            return (Array.Empty<EvidenceFile>(), null);
        }

        // The metadata file goes through the same checks as any evidence (inside the data roots, a regular file), and its
        // identity is recorded, so editing it defeats a replayed result.
        var errorsBefore = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        verifier.Verify(new[] { new EvidenceFile("Croissant metadata", manifest.Croissant.Location, manifest.Croissant, null, digestRequired: false) }, manifestDirectory, diagnostics);
        if (diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error) > errorsBefore
            || !policy.TryResolve(manifestDirectory, manifest.Croissant.Value, out var path, out _))
        {
            return (Array.Empty<EvidenceFile>(), null);
        }

        var document = DocumentLoader.Load(path.FullPath, limits, diagnostics);
        return document is null
            ? (Array.Empty<EvidenceFile>(), null)
            : (Croissant.CroissantReader.ReadFileObjects(document, diagnostics), Path.GetDirectoryName(path.FullPath));
    }

    /// <summary>
    /// Reads every record. Anything wrong while reading one (a duplicate key, a bad date, a value of the wrong type) makes
    /// it invalid, is PROV502 (which cannot be suppressed), and an invalid record blocks every use of its source.
    /// </summary>
    private static IReadOnlyList<QuarantineRecord> LoadQuarantineRecords(IReadOnlyList<string> paths, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var records = new List<QuarantineRecord>();
        foreach (var path in paths)
        {
            var found = new DiagnosticBag();
            var document = DocumentLoader.Load(path, limits, found);
            var record = document is null ? null : QuarantineRecordReader.Read(document, found);
            foreach (var diagnostic in found.Items)
            {
                if (diagnostic.Descriptor == Rules.UnknownField || !diagnostic.Descriptor.CanBeSuppressed)
                {
                    diagnostics.Add(diagnostic);
                    continue;
                }

                diagnostics.Add(new Diagnostic(Rules.QuarantineRecordInvalid, diagnostic.Location, diagnostic.Message + " The record is not valid, so it blocks every use of its source until it is fixed."));
                if (record is not null)
                {
                    record.IsValid = false;
                }
            }

            if (record is not null)
            {
                records.Add(record);
            }
        }

        return records;
    }

    private static void SaveCache(DigestCache? cache)
    {
        try
        {
            cache?.Save();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only means the next build reads the bytes again.
        }
    }

    private static IReadOnlyList<Diagnostic> Finish(IReadOnlyList<Diagnostic> found, GateOptions options)
    {
        var ordered = found
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
        var report = new DiagnosticBag();
        var suppressed = SuppressionPolicy.Apply(ordered, options.Suppressions, options.Today, report);
        return suppressed.Concat(report.Items)
            .Select(d => options.Mode == GateMode.Audit && d.Severity == DiagnosticSeverity.Error ? d.WithSeverity(DiagnosticSeverity.Warning) : d)
            .Select(d => d.Severity == DiagnosticSeverity.Warning && options.TreatWarningAsError?.Invoke(d.Id) == true ? d.WithSeverity(DiagnosticSeverity.Error) : d)
            .ToList();
    }
}
