using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Provenance.Build.IntegrationTests;

/// <summary>
/// Checks a SARIF log against the official OASIS SARIF 2.1.0 schema (../shared/real/sarif, when that folder is beside the
/// repository; JsonSchema.Net), and against what a consumer relies on beyond it: rule indexes that point at their rules,
/// help links, and 1-based regions.
/// </summary>
public static class SarifAssert
{
    /// <summary>
    /// The official schema is draft-04, which JsonSchema.Net does not implement. Its keywords here (no boolean
    /// exclusiveMinimum, only internal $refs, date-time and uri formats) mean the same in draft-07, so it is evaluated as
    /// draft-07 in memory: "$schema" is rewritten and the top-level "id" dropped (every $ref is internal, and JsonSchema.Net
    /// refuses to register that id twice while building), the file is not touched.
    /// </summary>
    internal static readonly Lazy<JsonSchema?> OfficialSchema = new(() =>
    {
        var path = OfficialSchemaPath;
        if (!File.Exists(path))
        {
            return null;
        }

        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema.Remove("id");

        return JsonSchema.FromText(schema.ToJsonString());
    });

    internal static string OfficialSchemaPath => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "real", "sarif", "sarif-schema-2.1.0.json"));

    /// <summary>The schema's errors for <paramref name="log"/>, or null when the official schema is not beside the repository.</summary>
    public static List<string>? SchemaErrors(JsonElement log)
    {
        if (OfficialSchema.Value is not { } schema)
        {
            return null;
        }

        var results = schema.Evaluate(log, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? new List<string>()
            : new[] { results }.Concat(results.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
                .DefaultIfEmpty("invalid")
                .ToList();
    }

    public static void Valid(JsonElement log)
    {
        var schemaErrors = SchemaErrors(log);
        Assert.True(schemaErrors is null || schemaErrors.Count == 0, "the SARIF log fails the official SARIF 2.1.0 schema:\n" + string.Join("\n", schemaErrors ?? new List<string>()));
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
        var runs = log.GetProperty("runs");
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        foreach (var run in runs.EnumerateArray())
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            foreach (var rule in rules)
            {
                Assert.Matches(@"^PROV\d{3}$", rule.GetProperty("id").GetString());
                Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString());
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
            }

            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                Assert.Contains(result.GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
                if (result.TryGetProperty("locations", out var locations))
                {
                    var physical = locations[0].GetProperty("physicalLocation");
                    Assert.False(string.IsNullOrEmpty(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()));
                    if (physical.TryGetProperty("region", out var region))
                    {
                        Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
                        Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
                    }
                }
            }
        }
    }
}
