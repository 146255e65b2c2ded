using System;
using System.Collections.Generic;
using Provenance.Diagnostics;
using Provenance.Manifests;
using Provenance.Quarantine;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>What one gate run has found so far: each stage reads what earlier stages left and adds its part.</summary>
public sealed class GateRun : IDisposable
{
    public GateRun(GateOptions options) => Options = options;

    public GateOptions Options { get; }

    public DateTime StartedUtc { get; } = DateTime.UtcNow;

    public DiagnosticBag Diagnostics { get; } = new();

    public string? ManifestPath { get; set; }

    public byte[]? ManifestBytes { get; set; }

    public string? ManifestHash { get; set; }

    public ProvenanceManifest? Manifest { get; set; }

    public IReadOnlyList<string> QuarantinePaths { get; set; } = Array.Empty<string>();

    /// <summary>Files a trusted verification attestation vouches for, by their path as the manifest writes it.</summary>
    public IReadOnlyDictionary<string, Attestations.Voucher> Vouched { get; set; } = new Dictionary<string, Attestations.Voucher>();

    public DataRootPolicy? Policy { get; set; }

    public DigestCache? Cache { get; set; }

    public EvidenceVerifier? Verifier { get; set; }

    public IReadOnlyList<VerifiedFile> Verified { get; set; } = Array.Empty<VerifiedFile>();

    public IReadOnlyList<QuarantineHistoryEntry> QuarantineHistory { get; set; } = Array.Empty<QuarantineHistoryEntry>();

    public IReadOnlyList<Drift.ManifestChange> Changes { get; set; } = Array.Empty<Drift.ManifestChange>();

    /// <summary>Set when nothing changed since a passing run: the pipeline stops and this is the result.</summary>
    public GateResult? Replayed { get; set; }

    /// <summary>Keeps what verified (the digest cache), also after a cancellation, and closes the data roots.</summary>
    public void Dispose()
    {
        try
        {
            Cache?.Save();
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only means the next build reads the bytes again.
        }

        Policy?.Dispose();
    }
}
