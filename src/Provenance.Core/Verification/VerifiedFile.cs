namespace Provenance.Verification;

/// <summary>A file whose bytes matched the digest the manifest declares (read in this build, or vouched for by an attestation).</summary>
public sealed class VerifiedFile
{
    public VerifiedFile(string role, string manifestPath, string fullPath, string sha256, long length)
    {
        Role = role;
        ManifestPath = manifestPath;
        FullPath = fullPath;
        Sha256 = sha256;
        Length = length;
    }

    public string Role { get; }

    /// <summary>The path as the manifest writes it.</summary>
    public string ManifestPath { get; }

    public string FullPath { get; }

    /// <summary>64 lower-case hex characters.</summary>
    public string Sha256 { get; }

    public long Length { get; }

    /// <summary>Set when a trusted verification attestation vouched for the file instead of this build reading it.</summary>
    public Attestations.Voucher? VouchedBy { get; internal set; }
}
