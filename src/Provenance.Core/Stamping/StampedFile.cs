namespace Provenance.Stamping;

/// <summary>A file the build produced or used (model artifact, training configuration, evaluation set), with its digest.</summary>
public sealed class StampedFile
{
    public StampedFile(string name, string sha256)
    {
        Name = name;
        Sha256 = sha256;
    }

    /// <summary>The path relative to the project directory, with '/' separators.</summary>
    public string Name { get; }

    /// <summary>64 lower-case hex characters.</summary>
    public string Sha256 { get; }
}
