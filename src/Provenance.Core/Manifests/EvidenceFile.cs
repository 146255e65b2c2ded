using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>Bytes the manifest points at (a data file, the artifact, a report, exit evidence) and the digest it declares for them.</summary>
public sealed class EvidenceFile
{
    public EvidenceFile(string role, SourceLocation location, Located<string>? path, Located<string>? sha256, bool digestRequired = true)
    {
        DigestRequired = digestRequired;
        Role = role;
        Location = location;
        Path = path;
        Sha256 = sha256;
    }

    /// <summary>What the file is, in words a message can use: "artifact", "data file", "exclusion report".</summary>
    public string Role { get; }

    public SourceLocation Location { get; }

    public Located<string>? Path { get; }

    public Located<string>? Sha256 { get; }

    /// <summary>False for evidence that may be named by path alone (an exclusion report in short form).</summary>
    public bool DigestRequired { get; }
}
