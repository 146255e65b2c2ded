namespace Provenance.Files;

/// <summary>A manifest path resolved against a data root: the root's real path, the path below it, and both joined.</summary>
public sealed class ContainedPath
{
    public ContainedPath(string root, string relative, string fullPath)
    {
        Root = root;
        Relative = relative;
        FullPath = fullPath;
    }

    /// <summary>The data root with every link resolved, ending in a separator.</summary>
    public string Root { get; }

    /// <summary>The path below <see cref="Root"/>, '/' separated, with no '.' or '..' component.</summary>
    public string Relative { get; }

    /// <summary><see cref="Root"/> and <see cref="Relative"/> joined as text (links below the root are not resolved).</summary>
    public string FullPath { get; }
}
