using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Manifests;
using Provenance.Quarantine;

namespace Provenance.Tests;

/// <summary>The published JSON Schemas: every sample and fixture validates, and the schema and the reader agree on every field.</summary>
public sealed class SchemaTests
{
    private static readonly string Repo = GatePolicyTests.RepoRoot();
    private static readonly string ManifestSchemaPath = Path.Combine(Repo, "docs", "schema", "provenance-manifest.schema.json");
    private static readonly string RecordSchemaPath = Path.Combine(Repo, "docs", "schema", "quarantine-record.schema.json");

    public static TheoryData<string> SampleManifests => new()
    {
        "samples/support-classifier/provenance.yaml",
        "samples/python-training/provenance.yaml",
    };

    public static TheoryData<string> SampleRecords => new()
    {
        "samples/support-classifier/quarantine/support-chat-export-2026-05-22.yaml",
        "samples/support-classifier-v7-incident/quarantine/support-chat-export-2026-05-22.yaml",
        "samples/python-training/quarantine/support-chat-export-2026-05-22.yaml",
    };

    [Theory]
    [MemberData(nameof(SampleManifests))]
    public void Every_sample_manifest_validates_and_names_the_schema_for_editors(string relative)
    {
        var path = Path.Combine(Repo, relative);
        Assert.Empty(Validate(ManifestSchemaPath, path));
        var line = File.ReadLines(path).First();
        Assert.StartsWith("# yaml-language-server: $schema=", line);
        Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, line.Substring(line.IndexOf('=') + 1)))));
    }

    [Theory]
    [MemberData(nameof(SampleRecords))]
    public void Every_sample_quarantine_record_validates(string relative)
    {
        Assert.Empty(Validate(RecordSchemaPath, Path.Combine(Repo, relative)));
    }

    [Fact]
    public void Test_fixtures_validate_in_YAML_and_JSON_and_the_seed_incident_does_not()
    {
        using var dataset = new TestDataset();
        dataset.Set("resolved_risks", "resolved_risks:\n  - risk: r\n    resolution: fixed by consent-filter-v1");
        dataset.Set("croissant", "croissant: metadata.json");
        dataset.Directory.Write("provenance.yaml", dataset.ManifestText);
        Assert.Empty(Validate(ManifestSchemaPath, dataset.ManifestPath));
        dataset.Directory.Write("provenance.json", """{"dataset": "d", "source_records": [{"id": "a@1", "role": "opt-out-list"}], "transforms": [{"name": "dedupe", "version": 2, "params": {"threshold": 0.84}, "inputs": ["a"]}], "exclusion_report": {"path": "r.json", "removed_records": 3}, "reviewer_status": "accepted", "x-team": "ml"}""");
        Assert.Empty(Validate(ManifestSchemaPath, dataset.Directory.Combine("provenance.json")));

        var incident = Validate(ManifestSchemaPath, Path.Combine(Repo, "samples/support-classifier-v7-incident/provenance.yaml"));
        Assert.Contains(incident, e => e.StartsWith("/ required:", StringComparison.Ordinal) && e.Contains("source_records", StringComparison.Ordinal));
        Assert.Contains(incident, e => e.StartsWith("/ required:", StringComparison.Ordinal) && e.Contains("reviewer_status", StringComparison.Ordinal));
        Assert.Contains(incident, e => e.StartsWith("/source ", StringComparison.Ordinal));
        Assert.Contains(incident, e => e.StartsWith("/sha256 pattern:", StringComparison.Ordinal));
        Assert.Contains(incident, e => e.StartsWith("/transforms/0 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{valid}\nreviewer_status: approved\n", "/reviewer_status")]
    [InlineData("{valid}\nsha256: 9f2277aa\n", "/sha256")]
    [InlineData("{valid}\nsource_records: [support-chat-export]\n", "/source_records/0")]
    [InlineData("{valid}\ntransforms: {a: b}\n", "/transforms")]
    [InlineData("{valid}\nfiles:\n  - path: data/train.jsonl\n", "/files/0")]
    public void Broken_manifests_fail_the_schema_at_the_field(string template, string pointer)
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("provenance.yaml", template.Replace("{valid}", RemoveFields(dataset.ManifestText, template)));
        var errors = Validate(ManifestSchemaPath, dataset.ManifestPath);
        Assert.Contains(errors, e => e.StartsWith(pointer + " ", StringComparison.Ordinal) || e.StartsWith(pointer + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_without_its_required_fields_or_with_an_unknown_status_fails_the_schema()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/qr.yaml", "quarantine:\n  source_record: a@1\n  status: paused\n");
        var errors = Validate(RecordSchemaPath, dataset.Directory.Combine("quarantine/qr.yaml"));
        Assert.Contains(errors, e => e.StartsWith("/quarantine required:", StringComparison.Ordinal) && e.Contains("trigger", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/quarantine/status ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_schema_and_the_reader_agree_on_every_field_name()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(ManifestSchemaPath));
        var root = schema.RootElement;
        string[] Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema").OrderBy(n => n, StringComparer.Ordinal).ToArray();
        string[] Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var defs = root.GetProperty("$defs");
        Assert.Equal(Sorted(ManifestReader.FieldsByPart["manifest"]), Names(root.GetProperty("properties")));
        Assert.Equal(Sorted(ManifestReader.FieldsByPart["source"]), Names(defs.GetProperty("source").GetProperty("oneOf")[1].GetProperty("properties")));
        Assert.Equal(Sorted(ManifestReader.FieldsByPart["transform"]), Names(defs.GetProperty("transform").GetProperty("oneOf")[1].GetProperty("properties")));
        Assert.Equal(Sorted(ManifestReader.FieldsByPart["file"]), Names(defs.GetProperty("file").GetProperty("properties")));
        Assert.Equal(Sorted(ManifestReader.FieldsByPart["exclusion_report"]), Names(defs.GetProperty("exclusionReport").GetProperty("properties")));
        Assert.Equal(ReviewerStatusNames.AllowedValues.Split(", "), defs.GetProperty("reviewerStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        using var record = JsonDocument.Parse(File.ReadAllText(RecordSchemaPath));
        Assert.Equal(Sorted(QuarantineRecordReader.Fields), Names(record.RootElement.GetProperty("properties").GetProperty("quarantine").GetProperty("properties")));
    }

    [Fact]
    public void The_schemas_ship_in_both_packages()
    {
        var packing = File.ReadAllText(Path.Combine(Repo, "src", "PackTasks.targets"));
        Assert.Contains("docs/schema/*.schema.json", packing);
    }

    /// <summary>The top-level fields of <paramref name="manifest"/> that <paramref name="template"/> sets again, removed.</summary>
    private static string RemoveFields(string manifest, string template)
    {
        var replaced = template.Split('\n').Select(l => l.Split(':')[0]).Where(k => k.Length > 0 && k != "{valid}" && !k.StartsWith(' ')).ToHashSet();
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in manifest.TrimEnd('\n').Split('\n'))
        {
            if (!line.StartsWith(' ') && !line.StartsWith('-'))
            {
                skipping = replaced.Contains(line.Split(':')[0]);
            }

            if (!skipping)
            {
                kept.Add(line);
            }
        }

        return string.Join("\n", kept);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>Validates a YAML or JSON document with JsonSchema.Net; each error reads "/pointer keyword: message".</summary>
    private static List<string> Validate(string schemaPath, string documentPath)
    {
        var schema = Schemas.GetOrAdd(schemaPath, p => JsonSchema.FromText(File.ReadAllText(p)));
        var diagnostics = new DiagnosticBag();
        var document = DocumentLoader.Load(documentPath, ReadLimits.Default, diagnostics);
        Assert.True(document is not null, string.Join("\n", diagnostics.Items));
        using var instance = JsonDocument.Parse(ToJson(document!.Root)?.ToJsonString() ?? "null");
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        // Valid documents still list the errors of the oneOf branches they did not take.
        if (results.IsValid)
        {
            return new List<string>();
        }

        var errors = new[] { results }.Concat(results.Details ?? new List<EvaluationResults>())
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is "" ? "/" : d.InstanceLocation.ToString())} {e.Key}: {e.Value}"))
            .ToList();
        Assert.NotEmpty(errors);
        return errors;
    }

    /// <summary>The located document tree as JSON, so YAML and JSON manifests are validated alike.</summary>
    private static JsonNode? ToJson(DocumentNode node) => node switch
    {
        MappingNode mapping => new JsonObject(mapping.Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key.Value, ToJson(e.Value)))),
        SequenceNode sequence => new JsonArray(sequence.Items.Select(ToJson).ToArray()),
        ScalarNode { Kind: ScalarKind.Null } => null,
        ScalarNode { Kind: ScalarKind.Boolean } scalar => JsonValue.Create(scalar.Value == "true"),
        ScalarNode { Kind: ScalarKind.Number } scalar when decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        ScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException(node.KindName),
    };
}
