using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;
using Provenance.Quarantine;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>What a gate run found: the manifest, its hash, the verified files, the quarantine history and every diagnostic.</summary>
public sealed class GateResult
{
    internal GateResult(GateOptions options, string? manifestPath, ProvenanceManifest? manifest, string? manifestHash, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<VerifiedFile> verifiedFiles, IReadOnlyList<QuarantineHistoryEntry> quarantineHistory, VerificationStatistics statistics)
    {
        Statistics = statistics;
        ReviewerStatus = manifest?.ReviewerStatusText?.Value;
        Mode = options.Mode;
        Use = options.Use;
        ManifestPath = manifestPath;
        Manifest = manifest;
        ManifestHash = manifestHash;
        Diagnostics = diagnostics;
        VerifiedFiles = verifiedFiles;
        QuarantineHistory = quarantineHistory;
    }

    public GateMode Mode { get; }

    /// <summary>What digest verification did: files, bytes, cache hits, time.</summary>
    public VerificationStatistics Statistics { get; }

    public string Use { get; }

    public string? ManifestPath { get; }

    public string? ReviewerStatus { get; internal set; }

    /// <summary>The baseline the manifest was compared with, when one was set.</summary>
    public string? Baseline { get; internal set; }

    /// <summary>What changed since the baseline, by meaning.</summary>
    public IReadOnlyList<Drift.ManifestChange> Changes { get; internal set; } = System.Array.Empty<Drift.ManifestChange>();

    /// <summary>
    /// The SHA-256 of the summary this run wrote (or, replayed, found unchanged): the stamping tasks accept a summary
    /// only with this digest, so they never stamp from a summary of another build. Null when none was written.
    /// </summary>
    public string? SummaryDigest { get; internal set; }

    /// <summary>False when some file changed within the settle time, so no later run may replay this one from identities.</summary>
    public bool AllFilesSettled { get; internal set; } = true;

    /// <summary>True when nothing changed since a passing run and its result was replayed from the gate state.</summary>
    public bool Replayed { get; internal set; }

    public ProvenanceManifest? Manifest { get; }

    /// <summary><c>sha256:&lt;64 hex&gt;</c>, see <see cref="Gate.ManifestHash"/>; null when the manifest could not be read.</summary>
    public string? ManifestHash { get; }

    /// <summary>Diagnostics after the mode and suppressions were applied, ordered by file and position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public IReadOnlyList<VerifiedFile> VerifiedFiles { get; }

    /// <summary>
    /// Every file the gate looked at (full paths), whether or not its digest matched: in audit mode a changed file is a
    /// warning, and a training step must still see it as a changed input.
    /// </summary>
    public IReadOnlyList<string> ObservedFiles { get; internal set; } = System.Array.Empty<string>();

    public IReadOnlyList<QuarantineHistoryEntry> QuarantineHistory { get; }

    public bool Passed => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>The gaps the evidence leaves open (what enforce mode would fail on), whether or not this run failed.</summary>
    public IEnumerable<Diagnostic> OpenGaps => Diagnostics.Where(d => !d.IsSuppressed && d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
}
