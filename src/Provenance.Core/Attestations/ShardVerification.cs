using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Gate;
using Provenance.Manifests;
using Provenance.Verification;

namespace Provenance.Attestations;

/// <summary>
/// Verifies one shard of a manifest's files (every byte, below the data roots, as the gate does) and makes the statement
/// that attests them. A shard that finds any problem attests nothing.
/// </summary>
public static class ShardVerification
{
    /// <summary>The files attestations cover: every manifest entry with a path and a well-formed digest, once each.</summary>
    public static IReadOnlyList<EvidenceFile> Files(ProvenanceManifest manifest) => manifest.AllEvidence()
        .Where(e => e.Path is not null && e.Sha256 is not null && Sha256Digest.TryParse(e.Sha256.Value, out _, out _))
        .GroupBy(e => Voucher.SubjectName(e.Path!.Value))
        .Select(g => g.First())
        .ToList();

    public static (VerificationStatement? Statement, IReadOnlyList<Diagnostic> Diagnostics) Run(GateOptions options, int index, int count, string verifier, DateTimeOffset now)
    {
        // Only what a byte verifier needs: the manifest's files and digests. Rule gaps are the build's to report.
        var diagnostics = new DiagnosticBag();
        var manifestPath = ManifestLocator.Find(options.ProjectDirectory, options.ManifestPath, diagnostics, options.SettingsFile);
        var bytes = manifestPath is null ? null : DocumentLoader.Read(manifestPath, options.Limits, diagnostics);
        var document = bytes is null ? null : DocumentLoader.Parse(manifestPath!, bytes, options.Limits, diagnostics);
        var manifest = document is null ? null : ManifestReader.Read(document, diagnostics);
        if (manifest is null || diagnostics.HasErrors)
        {
            return (null, diagnostics.Items);
        }

        var manifestDirectory = Path.GetDirectoryName(manifest.Path)!;
        using var policy = new DataRootPolicy(options.ResolveDataRoots(manifestDirectory));
        var files = Files(manifest);
        long Length(EvidenceFile file) => policy.TryResolve(manifestDirectory, file.Path!.Value, out var contained, out _) && policy.Inspect(contained) is { Status: Provenance.Files.OpenStatus.Opened } opened ? opened.Identity.Length : 0;
        var lengths = files.ToDictionary(f => f, Length);
        var shard = ShardPlan.Select(files, f => Voucher.SubjectName(f.Path!.Value), f => lengths[f], index, count);
        var evidenceVerifier = new EvidenceVerifier(policy, options.MaxParallelism, options.CancellationToken, mode: DigestVerification.Full, progress: options.Progress) { MaxFileBytes = options.MaxDataFileBytes };
        var verified = evidenceVerifier.Verify(shard, manifestDirectory, diagnostics);
        if (diagnostics.HasErrors || verified.Count != shard.Count)
        {
            return (null, diagnostics.Items);
        }

        var statement = new VerificationStatement(
            ManifestHash.Compute(bytes!),
            verified.Select(v => (Voucher.SubjectName(v.ManifestPath), v.Sha256)).ToList(),
            index,
            count,
            new[] { verifier },
            now);
        return (statement, diagnostics.Items);
    }
}
