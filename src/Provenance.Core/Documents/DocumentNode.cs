using System.Collections.Generic;
using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>A node of a parsed YAML or JSON document that remembers where it was written.</summary>
public abstract class DocumentNode
{
    protected DocumentNode(SourceLocation location) => Location = location;

    public SourceLocation Location { get; }

    public abstract string KindName { get; }
}

public enum ScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

public sealed class ScalarNode : DocumentNode
{
    public ScalarNode(SourceLocation location, string value, ScalarKind kind)
        : base(location)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public ScalarKind Kind { get; }

    public override string KindName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Number => "number",
        _ => "string",
    };
}

public sealed class SequenceNode : DocumentNode
{
    public SequenceNode(SourceLocation location, IReadOnlyList<DocumentNode> items)
        : base(location) => Items = items;

    public IReadOnlyList<DocumentNode> Items { get; }

    public override string KindName => "list";
}

public sealed class MappingNode : DocumentNode
{
    public MappingNode(SourceLocation location, IReadOnlyList<KeyValuePair<ScalarNode, DocumentNode>> entries)
        : base(location) => Entries = entries;

    /// <summary>Entries in document order; duplicate keys were reported and only the first kept.</summary>
    public IReadOnlyList<KeyValuePair<ScalarNode, DocumentNode>> Entries { get; }

    public override string KindName => "map";

    public DocumentNode? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
