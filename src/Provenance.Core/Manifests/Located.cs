using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>A value read from a document, with where it was written.</summary>
public sealed class Located<T>
{
    public Located(T value, SourceLocation location)
    {
        Value = value;
        Location = location;
    }

    public T Value { get; }

    public SourceLocation Location { get; }

    public override string? ToString() => Value?.ToString();
}
