using System;
using System.Linq;

namespace Provenance.Attestations;

/// <summary>Who vouched for a file's digest: the attestation file, the key that signed it, and when the bytes were read.</summary>
public sealed class Voucher
{
    public Voucher(string attestation, string keyId, DateTimeOffset verifiedAt, string sha256)
    {
        Attestation = attestation;
        KeyId = keyId;
        VerifiedAt = verifiedAt;
        Sha256 = sha256;
    }

    /// <summary>The attestation's file name.</summary>
    public string Attestation { get; }

    public string KeyId { get; }

    public DateTimeOffset VerifiedAt { get; }

    public string Sha256 { get; }

    /// <summary>A manifest path as attestations name it: '/' separated, without './' segments.</summary>
    public static string SubjectName(string manifestPath) =>
        string.Join("/", manifestPath.Replace('\\', '/').Split('/').Where(p => p.Length > 0 && p != "."));
}
