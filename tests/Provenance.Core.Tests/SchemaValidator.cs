using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Provenance.Documents;

namespace Provenance.Tests;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for the keywords our schemas use: $ref to #/$defs, type, enum, const,
/// properties, required, additionalProperties, patternProperties, items, minItems, minLength, minimum, pattern, oneOf.
/// It validates the located document tree, so YAML and JSON manifests are checked the same way.
/// </summary>
public sealed class SchemaValidator
{
    private static readonly HashSet<string> Known = new()
    {
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "const", "properties", "required",
        "additionalProperties", "patternProperties", "items", "minItems", "minLength", "minimum", "pattern", "oneOf",
    };

    private readonly JsonElement root;

    public SchemaValidator(JsonElement root) => this.root = root;

    public List<string> Validate(DocumentNode node)
    {
        var errors = new List<string>();
        Validate(node, root, "$", errors);
        return errors;
    }

    private void Validate(DocumentNode node, JsonElement schema, string path, List<string> errors)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Known.Contains(keyword.Name))
            {
                throw new NotSupportedException($"The test validator does not know the keyword '{keyword.Name}'.");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Substring("#/$defs/".Length);
            Validate(node, root.GetProperty("$defs").GetProperty(name), path, errors);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : new[] { type.GetString()! };
            if (!types.Any(t => IsType(node, t)))
            {
                errors.Add($"{path}: is a {node.KindName}, not {string.Join(" or ", types)}");
                return;
            }
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => Equal(node, v)))
        {
            errors.Add($"{path}: is not one of {values}");
        }

        if (schema.TryGetProperty("const", out var constant) && !Equal(node, constant))
        {
            errors.Add($"{path}: is not {constant}");
        }

        if (node is ScalarNode scalar)
        {
            if (schema.TryGetProperty("minLength", out var minLength) && scalar.Value.Length < minLength.GetInt32())
            {
                errors.Add($"{path}: is shorter than {minLength}");
            }

            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(scalar.Value, pattern.GetString()!))
            {
                errors.Add($"{path}: '{scalar.Value}' does not match {pattern}");
            }

            if (schema.TryGetProperty("minimum", out var minimum) && scalar.Kind == ScalarKind.Number && double.Parse(scalar.Value, CultureInfo.InvariantCulture) < minimum.GetDouble())
            {
                errors.Add($"{path}: is below {minimum}");
            }
        }

        if (node is SequenceNode sequence)
        {
            if (schema.TryGetProperty("minItems", out var minItems) && sequence.Items.Count < minItems.GetInt32())
            {
                errors.Add($"{path}: has fewer than {minItems} items");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Validate(sequence.Items[i], items, $"{path}[{i}]", errors);
                }
            }
        }

        if (node is MappingNode mapping)
        {
            ValidateMapping(mapping, schema, path, errors);
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(option =>
            {
                var inner = new List<string>();
                Validate(node, option, path, inner);
                return inner.Count == 0;
            });
            if (matches != 1)
            {
                errors.Add($"{path}: matches {matches} of the oneOf alternatives, not exactly one");
            }
        }
    }

    private void ValidateMapping(MappingNode mapping, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(r => mapping.Get(r) is null))
            {
                errors.Add($"{path}: misses '{name}'");
            }
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        var patterns = schema.TryGetProperty("patternProperties", out var pp) ? pp.EnumerateObject().ToList() : new List<JsonProperty>();
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(key, out var propertySchema))
            {
                Validate(entry.Value, propertySchema, $"{path}.{key}", errors);
                continue;
            }

            var pattern = patterns.FirstOrDefault(x => Regex.IsMatch(key, x.Name));
            if (pattern.Value.ValueKind != JsonValueKind.Undefined)
            {
                Validate(entry.Value, pattern.Value, $"{path}.{key}", errors);
                continue;
            }

            if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: has no property '{key}'");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Validate(entry.Value, additional, $"{path}.{key}", errors);
                }
            }
        }
    }

    private static bool IsType(DocumentNode node, string type) => (type, node) switch
    {
        ("object", MappingNode) => true,
        ("array", SequenceNode) => true,
        ("string", ScalarNode { Kind: ScalarKind.String }) => true,
        ("number", ScalarNode { Kind: ScalarKind.Number }) => true,
        ("integer", ScalarNode { Kind: ScalarKind.Number } n) => Regex.IsMatch(n.Value, "^[-+]?[0-9]+$"),
        ("boolean", ScalarNode { Kind: ScalarKind.Boolean }) => true,
        ("null", ScalarNode { Kind: ScalarKind.Null }) => true,
        _ => false,
    };

    private static bool Equal(DocumentNode node, JsonElement value) => (node, value.ValueKind) switch
    {
        (ScalarNode { Kind: ScalarKind.String } s, JsonValueKind.String) => s.Value == value.GetString(),
        (ScalarNode { Kind: ScalarKind.Number } n, JsonValueKind.Number) => double.Parse(n.Value, CultureInfo.InvariantCulture) == value.GetDouble(),
        _ => false,
    };
}
