using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

/// <summary>
/// Checks a SARIF log against the parts of the SARIF 2.1.0 schema that a consumer relies on: the required properties and
/// their types, levels from the schema's enumeration, rule indexes that point at rules, and 1-based regions.
/// </summary>
public static class SarifAssert
{
    public static void Valid(JsonElement log)
    {
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
