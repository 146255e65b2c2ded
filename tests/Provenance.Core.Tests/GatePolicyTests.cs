using Provenance.Diagnostics;
using Provenance.Gate;

namespace Provenance.Tests;

public sealed class GatePolicyTests
{
    [Fact]
    public void Audit_mode_reports_the_same_codes_as_warnings_and_passes()
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", "rights_basis: internal").Remove("reviewer_status");
        var enforce = dataset.Run();
        var audit = dataset.Run(o => o.Mode = GateMode.Audit);
        Assert.False(enforce.Passed);
        Assert.True(audit.Passed);
        Assert.Equal(enforce.Codes(), audit.Codes());
        Assert.All(audit.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(new[] { "PROV204", "PROV401" }, audit.OpenGaps.Select(d => d.Id).OrderBy(c => c));
    }

    [Fact]
    public void A_justified_suppression_turns_the_gap_into_a_visible_message()
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", "rights_basis: internal");
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV204", "Legal review LEGAL-42 accepted the internal policy until it is versioned", "2026-12-31") });
        Assert.True(result.Passed, result.Describe());
        var diagnostic = result.Single("PROV204");
        Assert.True(diagnostic.IsSuppressed);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("LEGAL-42", diagnostic.SuppressionJustification);
        Assert.Empty(result.OpenGaps);
    }

    [Fact]
    public void PROV010_a_suppression_without_justification_suppresses_nothing()
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", "rights_basis: internal");
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV204", " ", null) });
        Assert.False(result.Passed);
        Assert.Equal(new[] { "PROV010", "PROV204" }, result.Codes());
        Assert.Equal(DiagnosticSeverity.Error, result.Single("PROV204").Severity);
    }

    [Theory]
    [InlineData("PROV999", null, "names no Provenance rule")]
    [InlineData("PROV002", null, "cannot be suppressed")]
    [InlineData("PROV204", "31/12/2026", "not a yyyy-MM-dd date")]
    public void PROV010_for_suppressions_that_cannot_apply(string code, string? until, string expected)
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression(code, "a reason", until) });
        Assert.Contains(expected, result.Single("PROV010").Message);
    }

    [Fact]
    public void PROV011_an_expired_suppression_no_longer_applies()
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", "rights_basis: internal");
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV204", "temporary", "2026-11-23") });
        Assert.Equal(new[] { "PROV011", "PROV204" }, result.Codes());
        Assert.False(result.Passed);
        var onTheDay = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV204", "temporary", "2026-11-24") });
        Assert.True(onTheDay.Passed);
    }

    [Fact]
    public void PROV012_a_suppression_that_matched_nothing_is_reported()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV204", "no longer needed", null) });
        Assert.True(result.Passed);
        Assert.Equal(DiagnosticSeverity.Warning, result.Single("PROV012").Severity);
    }

    [Fact]
    public void Manifest_hash_is_sha256sum_of_the_LF_bytes_and_ignores_CRLF_CR_and_BOM()
    {
        var lf = "dataset: x\nsource_records:\n  - a@1\n"u8.ToArray();
        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lf));
        Assert.Equal(expected, ManifestHash.Compute(lf));
        Assert.Equal(expected, ManifestHash.Compute("dataset: x\r\nsource_records:\r\n  - a@1\r\n"u8.ToArray()));
        Assert.Equal(expected, ManifestHash.Compute("dataset: x\rsource_records:\r  - a@1\r"u8.ToArray()));
        Assert.Equal(expected, ManifestHash.Compute(new byte[] { 0xEF, 0xBB, 0xBF }.Concat("dataset: x\r\nsource_records:\n  - a@1\r\n"u8.ToArray()).ToArray()));
        Assert.NotEqual(expected, ManifestHash.Compute("dataset: y\nsource_records:\n  - a@1\n"u8.ToArray()));
    }

    [Fact]
    public void The_gate_reports_the_manifest_hash_of_a_CRLF_checkout_like_the_LF_one()
    {
        using var dataset = new TestDataset();
        var lf = dataset.Run();
        File.WriteAllText(dataset.ManifestPath, dataset.ManifestText.Replace("\n", "\r\n"));
        var crlf = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path));
        Assert.True(crlf.Passed, crlf.Describe());
        Assert.Equal(lf.ManifestHash, crlf.ManifestHash);
        Assert.Equal(lf.Diagnostics.Count, crlf.Diagnostics.Count);
    }

    [Fact]
    public void Diagnostics_carry_a_help_link_to_their_docs_page()
    {
        foreach (var rule in Rules.All)
        {
            Assert.Matches(@"^PROV\d{3}$", rule.Id);
            Assert.EndsWith($"docs/rules/{rule.Id}.md", rule.HelpLink);
            Assert.True(File.Exists(Path.Combine(RepoRoot(), "docs", "rules", rule.Id + ".md")), $"docs/rules/{rule.Id}.md is missing");
        }

        Assert.Equal(Rules.All.Count, Rules.All.Select(r => r.Id).Distinct().Count());
    }

    internal static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Provenance.Build.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Provenance.Build.sln not found above the test assembly.");
    }
}
