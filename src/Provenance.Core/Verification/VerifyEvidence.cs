using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Gate;
using Provenance.Manifests;

namespace Provenance.Verification;

/// <summary>
/// Verifies every digest the manifest declares (and its Croissant metadata's FileObjects) against the bytes below the
/// data roots, through the digest cache in cached mode.
/// </summary>
public sealed class VerifyEvidence : IGateStage
{
    public void Run(GateRun run)
    {
        var manifest = run.Manifest;
        if (manifest is null)
        {
            return;
        }

        var options = run.Options;
        var manifestDirectory = Path.GetDirectoryName(manifest.Path)!;
        run.Cache = options.DigestCachePath is null ? null : DigestCache.Load(options.DigestCachePath);
        run.Policy = new DataRootPolicy(options.ResolveDataRoots(manifestDirectory));
        var verifier = run.Verifier = new EvidenceVerifier(run.Policy, options.MaxParallelism, options.CancellationToken, run.Cache, options.VerifyDigests, options.Progress)
        {
            MaxFileBytes = options.MaxDataFileBytes,
            SettleTime = options.CacheSettleTime ?? SettleTime.Default,
            Store = options.DigestStoreDirectory is null ? null : DigestStore.SharedDigestStore.Open(options.DigestStoreDirectory, options.DigestStoreMinimumBytes),
            BuildStartedUtc = options.BuildStartedUtc ?? run.StartedUtc,
        };
        var evidence = manifest.AllEvidence().ToList();
        var croissant = ReadCroissant(manifest, verifier, run.Policy, manifestDirectory, options.Limits, run.Diagnostics);
        if (evidence.Concat(croissant.Files).All(e => e.Sha256 is null))
        {
            run.Diagnostics.Add(Rules.NoDigest, manifest.Location, "the manifest declares no digest, so nothing ties it to the bytes that were trained on. Add 'artifact: <path>' with 'sha256: <64 hex>', or list the data under 'files:' with a sha256 each.");
        }

        // Files a trusted attestation vouches for, with the digest the manifest declares, are not read, not even stat'ed:
        // the bytes may live in object storage, verified by a cluster (docs/scale.md). Their paths still obey the data
        // roots as text; one that does not goes through normal verification, which reports it.
        var vouched = evidence.Where(e => IsVouched(e, run) && run.Policy.TryResolve(manifestDirectory, e.Path!.Value, out _, out _)).ToList();
        var read = evidence.Except(vouched).ToList();
        run.Verified = vouched.Select(e => Vouched(e, run, manifestDirectory))
            .Concat(verifier.Verify(read, manifestDirectory, run.Diagnostics))
            .Concat(croissant.Directory is null ? Array.Empty<VerifiedFile>() : verifier.Verify(croissant.Files, croissant.Directory, run.Diagnostics))
            .ToList();
    }

    private static bool IsVouched(EvidenceFile file, GateRun run) =>
        file.Path is not null && file.Sha256 is not null
        && run.Vouched.TryGetValue(Attestations.Voucher.SubjectName(file.Path.Value), out var voucher)
        && Sha256Digest.TryParse(file.Sha256.Value, out var hex, out _) && hex == voucher.Sha256;

    private static VerifiedFile Vouched(EvidenceFile file, GateRun run, string manifestDirectory)
    {
        var voucher = run.Vouched[Attestations.Voucher.SubjectName(file.Path!.Value)];
        return new VerifiedFile(file.Role, file.Path.Value, Path.GetFullPath(Path.Combine(manifestDirectory, file.Path.Value)), voucher.Sha256, 0) { VouchedBy = voucher };
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
}
