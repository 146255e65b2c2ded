using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Attestations;
using Provenance.Diagnostics;
using Provenance.Drift;
using Provenance.Manifests;
using Provenance.Quarantine;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The provenance gate: a pipeline of named stages (find the evidence, replay an unchanged run, read the manifest, verify
/// every digest against the bytes, apply the quarantine records for the intended use, compare with the baseline), then
/// suppressions and the mode, then the summary and state. Never throws for bad input.
/// </summary>
public static class ProvenanceGate
{
    /// <summary>The stages, in order; a replayed result ends the run after <see cref="ReplayPreviousRun"/>.</summary>
    private static readonly IGateStage[] Stages =
    {
        new LocateEvidence(),
        new ReplayPreviousRun(),
        new ReadManifest(),
        new ApplyAttestations(),
        new VerifyEvidence(),
        new ApplyQuarantine(),
        new CompareWithBaseline(),
    };

    public static GateResult Run(GateOptions options)
    {
        using (var run = new GateRun(options))
        {
            try
            {
                foreach (var stage in Stages)
                {
                    stage.Run(run);
                    if (run.Replayed is not null)
                    {
                        return run.Replayed;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // What verified before the cancellation is kept (the run saves the cache), so the next build continues from there.
                throw;
            }
            catch (Exception ex)
            {
                run.Diagnostics.Add(Rules.InternalError, new SourceLocation(run.ManifestPath), $"the gate failed unexpectedly ({ex.GetType().Name}: {ex.Message}). Nothing was verified; this is a bug in Provenance.Build, please report it with the input that caused it.");
            }

            return Finish(run);
        }
    }

    private static GateResult Finish(GateRun run)
    {
        var options = run.Options;
        var verifier = run.Verifier;
        var result = new GateResult(options, run.ManifestPath, run.Manifest, run.ManifestHash, ApplySuppressionsAndMode(run.Diagnostics.Items, options), run.Verified, run.QuarantineHistory, verifier?.Statistics ?? new VerificationStatistics())
        {
            Baseline = options.Baseline,
            Changes = run.Changes,
            AllFilesSettled = verifier is null || !verifier.SawUnsettledFile,
            ObservedFiles = verifier?.Observed.Select(o => o.Path.FullPath).OrderBy(p => p, StringComparer.Ordinal).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>(),
        };
        WriteOutputs(options, result, run.ManifestBytes, run.QuarantinePaths, verifier);
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

    private static IReadOnlyList<Diagnostic> ApplySuppressionsAndMode(IReadOnlyList<Diagnostic> found, GateOptions options)
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
