using System.Text.Json;
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
        Assert.Contains("$: misses 'source_records'", incident);
        Assert.Contains("$: misses 'reviewer_status'", incident);
        Assert.Contains("$: has no property 'source'", incident);
        Assert.Contains(incident, e => e.StartsWith("$.sha256: '9f2277aa...' does not match", StringComparison.Ordinal));
        Assert.Contains(incident, e => e.StartsWith("$.transforms[0]:", StringComparison.Ordinal));
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

    private static List<string> Validate(string schemaPath, string documentPath)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var diagnostics = new DiagnosticBag();
        var document = DocumentLoader.Load(documentPath, ReadLimits.Default, diagnostics);
        Assert.True(document is not null, string.Join("\n", diagnostics.Items));
        return new SchemaValidator(schema.RootElement).Validate(document!.Root);
    }
}
