using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>One ordered processing step: <c>dedupe-v2 threshold=0.84</c> or its long form.</summary>
public sealed class TransformStep
{
    public TransformStep(SourceLocation location, string name, Located<string>? version, IReadOnlyList<KeyValuePair<string, string>> parameters, IReadOnlyList<Located<string>> inputs, bool inputsDeclared)
    {
        Location = location;
        Name = name;
        Version = version;
        Parameters = parameters;
        Inputs = inputs;
        InputsDeclared = inputsDeclared;
    }

    public SourceLocation Location { get; }

    /// <summary>The name without its version: <c>dedupe</c>.</summary>
    public string Name { get; }

    /// <summary>The version without the leading 'v': <c>2</c>; null when none was given.</summary>
    public Located<string>? Version { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public IReadOnlyList<Located<string>> Inputs { get; }

    public bool InputsDeclared { get; }

    /// <summary><c>dedupe-v2</c>, or the bare name when unversioned.</summary>
    public string VersionedName => Version is null ? Name : $"{Name}-v{Version.Value}";

    public override string ToString() =>
        Parameters.Count == 0 ? VersionedName : VersionedName + " " + string.Join(" ", Parameters.Select(p => p.Key + "=" + p.Value));
}
