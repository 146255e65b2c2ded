using System.Collections.Generic;
using Provenance.Diagnostics;
using Provenance.Manifests;

namespace Provenance.Documents;

/// <summary>
/// Reads typed fields from a mapping, reporting wrong types (PROV003) and, at the end, unknown keys (PROV004).
/// </summary>
public sealed class MappingReader
{
    private readonly MappingNode node;
    private readonly string what;
    private readonly string[] knownFields;
    private readonly DiagnosticBag diagnostics;

    public MappingReader(MappingNode node, string what, DiagnosticBag diagnostics, params string[] knownFields)
    {
        this.node = node;
        this.what = what;
        this.diagnostics = diagnostics;
        this.knownFields = knownFields;
    }

    public SourceLocation Location => node.Location;

    public DocumentNode? Node(string key) => node.Get(key);

    /// <summary>A text value; numbers, booleans and dates written plain are taken as their text. Null or absent gives null.</summary>
    public Located<string>? String(string key)
    {
        var value = node.Get(key);
        return value is null ? null : AsString(value, $"'{key}' in {what}", diagnostics);
    }

    public SequenceNode? Sequence(string key)
    {
        var value = node.Get(key);
        switch (value)
        {
            case null:
                return null;
            case SequenceNode sequence:
                return sequence;
            case ScalarNode { Kind: ScalarKind.Null }:
                return null;
            default:
                diagnostics.Add(Rules.InvalidValue, value.Location, $"'{key}' in {what} must be a list, not a {value.KindName}.");
                return null;
        }
    }

    public MappingNode? Mapping(string key)
    {
        var value = node.Get(key);
        switch (value)
        {
            case null:
                return null;
            case MappingNode mapping:
                return mapping;
            case ScalarNode { Kind: ScalarKind.Null }:
                return null;
            default:
                diagnostics.Add(Rules.InvalidValue, value.Location, $"'{key}' in {what} must be a map of names to values, not a {value.KindName}.");
                return null;
        }
    }

    public void ReportUnknownFields()
    {
        foreach (var entry in node.Entries)
        {
            var key = entry.Key.Value;
            if (System.Array.IndexOf(knownFields, key) >= 0 || key.StartsWith("x-", System.StringComparison.Ordinal) || key == "$schema")
            {
                continue;
            }

            var suggestion = FieldSuggestions.Suggest(key, knownFields);
            var hint = suggestion is null
                ? $" Known fields: {string.Join(", ", knownFields)}. Prefix a custom field with 'x-'."
                : $" Did you mean '{suggestion}'?";
            diagnostics.Add(Rules.UnknownField, entry.Key.Location, $"unknown field '{key}' in {what}; the gate ignores it.{hint}");
        }
    }

    public static Located<string>? AsString(DocumentNode value, string description, DiagnosticBag diagnostics)
    {
        if (value is ScalarNode scalar)
        {
            return scalar.Kind == ScalarKind.Null ? null : new Located<string>(scalar.Value, scalar.Location);
        }

        diagnostics.Add(Rules.InvalidValue, value.Location, $"{description} must be a single value, not a {value.KindName}.");
        return null;
    }

    public static IReadOnlyList<Located<string>> Strings(SequenceNode? sequence, string description, DiagnosticBag diagnostics)
    {
        var result = new List<Located<string>>();
        if (sequence is null)
        {
            return result;
        }

        foreach (var item in sequence.Items)
        {
            var text = AsString(item, description, diagnostics);
            if (text is not null)
            {
                result.Add(text);
            }
        }

        return result;
    }
}
