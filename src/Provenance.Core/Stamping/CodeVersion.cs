namespace Provenance.Stamping;

/// <summary>The code the model was built from: a revision, whether the working tree had changes, and where that came from.</summary>
public sealed class CodeVersion
{
    public CodeVersion(string? revision, bool? dirty, string source)
    {
        Revision = revision;
        Dirty = dirty;
        Source = source;
    }

    public string? Revision { get; }

    public bool? Dirty { get; }

    /// <summary>"SourceRevisionId", "git", or "unknown".</summary>
    public string Source { get; }
}
