using System.Collections.Generic;
using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>Builds a mapping's entries, reporting duplicate keys (PROV003) and keeping the first.</summary>
internal sealed class MappingBuilder
{
    private readonly List<KeyValuePair<ScalarNode, DocumentNode>> entries = new();
    private readonly Dictionary<string, ScalarNode> seen = new(System.StringComparer.Ordinal);
    private readonly DiagnosticBag diagnostics;

    public MappingBuilder(DiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public void Add(ScalarNode key, DocumentNode value)
    {
        if (seen.TryGetValue(key.Value, out var first))
        {
            diagnostics.Add(Rules.InvalidValue, key.Location, $"duplicate key '{key.Value}': it was already set at line {first.Location.Line}, column {first.Location.Column}. Keep one of them; the gate will not guess which is meant.");
            return;
        }

        seen.Add(key.Value, key);
        entries.Add(new KeyValuePair<ScalarNode, DocumentNode>(key, value));
    }

    public MappingNode Build(SourceLocation location) => new(location, entries);
}
