using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Attestations;

/// <summary>
/// Checks each verification attestation (signature by a trusted key, the same manifest hash, every subject's digest as
/// the manifest declares it, its age) and records the files it vouches for, so <see cref="VerifyEvidence"/> reads none of
/// their bytes. Every failure is a coded error; a bad attestation vouches for nothing.
/// </summary>
public sealed class ApplyAttestations : IGateStage
{
    public void Run(GateRun run)
    {
        var options = run.Options;
        if (run.Manifest is null || run.ManifestHash is null || options.Attestations.Count == 0)
        {
            return;
        }

        var settings = new SourceLocation(options.SettingsFile);
        var keys = LoadKeys(options, settings, run.Diagnostics);
        var declared = run.Manifest.AllEvidence()
            .Where(e => e.Path is not null && e.Sha256 is not null && Sha256Digest.TryParse(e.Sha256.Value, out _, out _))
            .GroupBy(e => Voucher.SubjectName(e.Path!.Value))
            .ToDictionary(g => g.Key, g => { Sha256Digest.TryParse(g.First().Sha256!.Value, out var hex, out _); return hex; }, StringComparer.Ordinal);
        var vouched = new Dictionary<string, Voucher>(StringComparer.Ordinal);
        foreach (var path in options.Attestations)
        {
            var full = Path.GetFullPath(Path.Combine(options.ProjectDirectory, path));
            var where = new SourceLocation(full);
            var name = Path.GetFileName(full);
            var envelope = File.Exists(full) ? DsseEnvelope.FromJson(File.ReadAllText(full), out var problem) : null;
            var statement = envelope is null ? null : VerificationStatement.FromJson(envelope.Payload, out problem);
            if (envelope is null || statement is null)
            {
                run.Diagnostics.Add(Rules.AttestationMalformed, File.Exists(full) ? where : settings, File.Exists(full) ? $"{name} is not a signed verification attestation, so it vouches for nothing. Make it with `provenance attest merge`." : $"the verification attestation {full} does not exist. Fix ProvenanceVerificationAttestation.");
                continue;
            }

            var signer = keys.FirstOrDefault(k => envelope.Signatures.Any(s => s.KeyId == k.KeyId));
            if (signer is null)
            {
                run.Diagnostics.Add(Rules.AttestationKeyUntrusted, where, $"{name} is signed by key {string.Join(", ", envelope.Signatures.Select(s => Short(s.KeyId)))}, which is none of the trusted keys (ProvenanceTrustedKeys: {(keys.Count == 0 ? "none" : string.Join(", ", keys.Select(k => Short(k.KeyId))))}). Trust the key that made it, if it is yours, or verify the bytes here.");
                continue;
            }

            if (!envelope.IsSignedBy(signer))
            {
                run.Diagnostics.Add(Rules.AttestationSignatureInvalid, where, $"{name} claims key {Short(signer.KeyId)}, but its signature does not verify: the attestation was edited after it was signed. Make it again.");
                continue;
            }

            if (statement.ManifestHash != run.ManifestHash)
            {
                run.Diagnostics.Add(Rules.AttestationOtherManifest, where, $"{name} attests {statement.ManifestHash}, and this manifest is {run.ManifestHash}: the files were verified against another manifest. Verify this manifest's shards again.");
                continue;
            }

            var age = options.Now - statement.VerifiedAt;
            if (age > options.AttestationMaxAge)
            {
                run.Diagnostics.Add(Rules.AttestationExpired, where, $"{name} was made {statement.VerifiedAt:yyyy-MM-dd'T'HH:mm'Z'}, {age.TotalDays:0.#} days ago; the limit is {options.AttestationMaxAge.TotalDays:0.#} days (ProvenanceAttestationMaxAge). Verify the data again.");
                continue;
            }

            var disagreeing = statement.Subjects.Where(s => !declared.TryGetValue(s.Path, out var hex) || hex != s.Sha256).ToList();
            if (disagreeing.Count > 0)
            {
                run.Diagnostics.Add(Rules.AttestationDigestDisagrees, where, $"{name} vouches for {disagreeing.Count} file(s) the manifest does not declare with that digest, such as '{disagreeing[0].Path}' sha256:{disagreeing[0].Sha256}. It vouches for nothing until it matches the manifest.");
                continue;
            }

            foreach (var (subject, sha256) in statement.Subjects)
            {
                vouched[subject] = new Voucher(name, signer.KeyId, statement.VerifiedAt, sha256);
            }

            options.Progress?.Invoke($"Provenance: {statement.Subjects.Count} files vouched for by {name}, key {Short(signer.KeyId)}, {statement.VerifiedAt:yyyy-MM-dd'T'HH:mm'Z'}.");
        }

        foreach (var key in keys)
        {
            key.Dispose();
        }

        run.Vouched = vouched;
    }

    private static List<SigningKey> LoadKeys(GateOptions options, SourceLocation settings, DiagnosticBag diagnostics)
    {
        var keys = new List<SigningKey>();
        foreach (var path in options.TrustedKeys)
        {
            var full = Path.GetFullPath(Path.Combine(options.ProjectDirectory, path));
            var key = File.Exists(full) ? SigningKey.FromPem(File.ReadAllText(full), out var problem) : null;
            if (key is null)
            {
                diagnostics.Add(Rules.AttestationKeyUntrusted, settings, $"the trusted key {full} cannot be read as an ECDSA P-256 public key, so it trusts nothing. Fix ProvenanceTrustedKeys.");
                continue;
            }

            keys.Add(key);
        }

        return keys;
    }

    private static string Short(string keyId) => keyId.Length <= 12 ? keyId : keyId.Substring(0, 12);
}
