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

    /// <summary>
    /// <c>dedupe-v2</c> for a numbered version, <c>strip-emojis@1.2.0</c> or <c>clean@a1b2c3d</c> for a semantic version or
    /// a commit, or the bare name when unversioned.
    /// </summary>
    public string VersionedName =>
        Version is null ? Name
        : Version.Value.All(c => char.IsDigit(c) || c == '.') ? $"{Name}-v{Version.Value}"
        : $"{Name}@{Version.Value}";

    public override string ToString() =>
        Parameters.Count == 0 ? VersionedName : VersionedName + " " + string.Join(" ", Parameters.Select(p => p.Key + "=" + p.Value));
}
