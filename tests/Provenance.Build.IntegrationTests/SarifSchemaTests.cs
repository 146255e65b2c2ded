using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provenance.Build.IntegrationTests;

/// <summary>The official SARIF schema really judges the logs: the one the gate writes passes, a broken copy does not.</summary>
public sealed class SarifSchemaTests
{
    [Fact]
    public void The_gate_s_SARIF_passes_the_official_schema_and_a_broken_copy_fails_it()
    {
        if (SarifAssert.OfficialSchema.Value is null)
        {
            // ../shared/real is not beside this clone: nothing to validate against (the structural checks still run elsewhere).
            Assert.False(File.Exists(SarifAssert.OfficialSchemaPath));
            return;
        }

        var diagnostics = new[]
        {
            new Provenance.Diagnostics.Diagnostic(Provenance.Diagnostics.Rules.RightsBasisVague, new Provenance.Diagnostics.SourceLocation(Path.Combine(Path.GetTempPath(), "provenance.yaml"), 4, 15), "rights basis 'internal' is vague."),
            new Provenance.Diagnostics.Diagnostic(Provenance.Diagnostics.Rules.ExclusionReportMissing, Provenance.Diagnostics.SourceLocation.None, "no exclusion report.").AsSuppressed("legal review LEG-7", "2026-12-31"),
        };
        var log = JsonNode.Parse(Provenance.Reporting.SarifWriter.Write(diagnostics, Path.GetTempPath()))!;
        using (var document = JsonDocument.Parse(log.ToJsonString()))
        {
            SarifAssert.Valid(document.RootElement);
        }

        log["runs"]![0]!["results"]![0]!["level"] = "fatal";
        log["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = 0;
        using var broken = JsonDocument.Parse(log.ToJsonString());
        var errors = SarifAssert.SchemaErrors(broken.RootElement)!;
        Assert.Contains(errors, e => e.Contains("/level", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/startLine", StringComparison.Ordinal));
    }
}
