namespace Provenance.Diagnostics;

/// <summary>A 1-based position in a file; <see cref="Line"/> is 0 when the diagnostic is about the file as a whole.</summary>
public readonly struct SourceLocation
{
    public SourceLocation(string? file, int line = 0, int column = 0)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string? File { get; }

    public int Line { get; }

    public int Column { get; }

    public static SourceLocation None => default;

    public override string ToString() =>
        File is null ? string.Empty : Line > 0 ? $"{File}({Line},{Column})" : File;
}
