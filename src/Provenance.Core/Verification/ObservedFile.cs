using Provenance.Files;

namespace Provenance.Verification;

/// <summary>A file the gate looked at below a data root, with the identity it had then.</summary>
public sealed class ObservedFile
{
    public ObservedFile(ContainedPath path, FileIdentity identity)
    {
        Path = path;
        Identity = identity;
    }

    public ContainedPath Path { get; }

    public FileIdentity Identity { get; }
}
