using System;
using System.IO;
using Microsoft.Build.Framework;
using Provenance.Diagnostics;
using Provenance.Signing;
using Provenance.Stamping;

namespace Provenance.Build.Tasks;

/// <summary>
/// Signs the build record as a DSSE envelope with ProvenanceSigningKey (a PEM file) or the PROVENANCE_SIGNING_KEY
/// environment variable (the PEM text, for CI secrets). The envelope is written whole and only when the record changed or
/// the envelope is not this key's valid signature of it; without a key a stale envelope is removed, so no envelope ever
/// vouches for a record it does not sign. Key material never reaches a log or a message.
/// </summary>
public sealed class SignBuildRecord : ProvenanceTask
{
    public const string KeyVariable = "PROVENANCE_SIGNING_KEY";

    [Required]
    public string RecordFile { get; set; } = string.Empty;

    [Required]
    public string EnvelopeFile { get; set; } = string.Empty;

    /// <summary>The PEM key file; when empty, PROVENANCE_SIGNING_KEY is read.</summary>
    public string? SigningKeyFile { get; set; }

    public string? ProjectFile { get; set; }

    [Output]
    public string? KeyId { get; private set; }

    protected override void ExecuteCore()
    {
        var pem = ReadKey(out var from);
        if (pem is null)
        {
            if (File.Exists(EnvelopeFile))
            {
                File.Delete(EnvelopeFile);
                Log.LogMessage(MessageImportance.Normal, $"Provenance: no signing key, so the envelope of an earlier build was removed: {EnvelopeFile}.");
            }

            return;
        }

        using var key = SigningKey.FromPem(pem, out var problem);
        if (key is null || !key.HasPrivateKey)
        {
            var why = key is null ? problem : "it is a public key; signing needs the private key (PKCS#8 or SEC1)";
            LogDiagnostic(new Diagnostic(Rules.SigningKeyUnusable, new SourceLocation(string.IsNullOrEmpty(ProjectFile) ? null : ProjectFile), $"the signing key from {from} cannot be used: {why}. Make one with `provenance keygen`."));
            return;
        }

        KeyId = key.KeyId;
        var record = File.ReadAllBytes(RecordFile);
        if (File.Exists(EnvelopeFile)
            && DsseEnvelope.FromJson(File.ReadAllText(EnvelopeFile), out _) is { } existing
            && existing.PayloadType == DsseEnvelope.InTotoPayloadType
            && existing.Payload.AsSpan().SequenceEqual(record)
            && existing.IsSignedBy(key))
        {
            Log.LogMessage(MessageImportance.Normal, $"Provenance: envelope {EnvelopeFile} is up to date (key {key.KeyId.Substring(0, 12)}).");
            return;
        }

        AtomicFile.WriteIfChanged(EnvelopeFile, DsseEnvelope.Sign(DsseEnvelope.InTotoPayloadType, record, key).ToJson());
        Log.LogMessage(MessageImportance.Normal, $"Provenance: signed the build record with key {key.KeyId.Substring(0, 12)}: {EnvelopeFile}.");
    }

    private string? ReadKey(out string from)
    {
        if (!string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            from = $"ProvenanceSigningKey ({SigningKeyFile})";
            try
            {
                return File.ReadAllText(SigningKeyFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogDiagnostic(new Diagnostic(Rules.SigningKeyUnusable, new SourceLocation(string.IsNullOrEmpty(ProjectFile) ? null : ProjectFile), $"the signing key file {SigningKeyFile} cannot be read ({ex.GetType().Name}). Check the path and that the build may read it."));
                from = string.Empty;
                return null;
            }
        }

        from = $"the {KeyVariable} environment variable";
        var text = Environment.GetEnvironmentVariable(KeyVariable);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
