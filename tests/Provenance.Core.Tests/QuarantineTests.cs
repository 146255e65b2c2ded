using Provenance.Diagnostics;
using Provenance.Quarantine;

namespace Provenance.Tests;

public sealed class QuarantineTests
{
    private const string SeedRecord = Seed.QuarantineRecord;

    [Theory]
    [InlineData("new training and benchmark publication", new[] { "training", "benchmark-publication" })]
    [InlineData("incident reproduction in restricted environment", new[] { "incident-reproduction" })]
    [InlineData("evaluation only", new[] { "evaluation" })]
    [InlineData("Training, Evaluation; any benchmark-publication", new[] { "training", "evaluation", "benchmark-publication" })]
    [InlineData("fine tuning or distillation for partners", new[] { "fine-tuning", "distillation" })]
    public void Prose_uses_read_into_tokens_by_the_documented_rule(string prose, string[] expected)
    {
        Assert.True(Uses.TryParseProse(prose, out var tokens, out var problem), problem);
        Assert.Equal(expected, tokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("in production")]
    [InlineData("training (v2!)")]
    public void Prose_that_names_no_use_does_not_parse(string prose)
    {
        Assert.False(Uses.TryParseProse(prose, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void PROV501_seed_record_blocks_training_at_the_manifest_source_line()
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined\n  - opt-out-list@2026-05-22");
        dataset.Directory.Write("quarantine/support-chat-export.yaml", SeedRecord);
        var result = dataset.Run();
        var diagnostic = result.Single("PROV501");
        Assert.Equal(dataset.LineOf("source_records") + 1, diagnostic.Location.Line);
        Assert.EndsWith("provenance.yaml", diagnostic.Location.File);
        Assert.Contains("quarantine/support-chat-export.yaml", diagnostic.Message);
        Assert.Contains("opt-out record found in model-review sample", diagnostic.Message);
        Assert.Contains("opt-out-removal evidence and reviewer status attached", diagnostic.Message);
        Assert.Equal(new[] { "PROV501" }, result.Codes());
    }

    [Theory]
    [InlineData("training", false)]
    [InlineData("benchmark-publication", false)]
    [InlineData("incident-reproduction", true)]
    [InlineData("evaluation", false)] // neither blocked nor allowed: quarantine fails closed
    public void An_active_quarantine_blocks_what_it_names_and_everything_it_does_not_allow(string use, bool passes)
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined\n  - opt-out-list@2026-05-22");
        dataset.Directory.Write("quarantine/support-chat-export.yaml", SeedRecord);
        var result = dataset.Run(o => o.Use = use);
        Assert.True(passes == result.Passed, result.Describe());
        Assert.Equal(passes ? Array.Empty<string>() : new[] { "PROV501" }, result.Codes());
        Assert.Single(result.QuarantineHistory);
        Assert.Equal(!passes, result.QuarantineHistory[0].BlocksThisUse);
    }

    [Theory]
    [InlineData("source_record")]
    [InlineData("trigger")]
    [InlineData("exit_condition")]
    [InlineData("blocked_use")]
    public void PROV502_for_a_record_missing_a_required_field(string field)
    {
        using var dataset = new TestDataset();
        var record = string.Join("\n", SeedRecord.Split('\n').Where(l => !l.TrimStart().StartsWith(field + ":", StringComparison.Ordinal)));
        dataset.Directory.Write("quarantine/record.yaml", record);
        var result = dataset.Run();
        var diagnostic = result.Diagnostics.First(d => d.Id == "PROV502");
        Assert.Contains(field, diagnostic.Message);
        Assert.EndsWith("record.yaml", diagnostic.Location.File);
        Assert.True(diagnostic.Location.Line > 0);
        Assert.False(result.Passed);
    }

    [Theory]
    [InlineData("  status: paused", "status 'paused'")]
    [InlineData("  allowed_use: [Incident Reproduction]", "not a use token")]
    [InlineData("  opened_at: yesterday", "ISO-8601")]
    public void PROV502_for_invalid_values_with_line_and_column(string line, string expected)
    {
        using var dataset = new TestDataset();
        var record = SeedRecord.Replace("  allowed_use: incident reproduction in restricted environment", line.StartsWith("  allowed", StringComparison.Ordinal) ? line : "  allowed_use: incident reproduction in restricted environment\n" + line);
        dataset.Directory.Write("quarantine/record.yaml", record);
        var result = dataset.Run(o => o.Use = "incident-reproduction");
        var diagnostic = result.Diagnostics.First(d => d.Id == "PROV502");
        Assert.Contains(expected, diagnostic.Message);
        Assert.True(diagnostic.Location.Column > 1);
        // An invalid record blocks every use of its source, even the one it meant to allow.
        Assert.Contains("PROV501", result.Codes());
    }

    [Fact]
    public void A_top_level_quarantined_status_needs_a_record_for_every_source()
    {
        using var dataset = new TestDataset();
        dataset.Set("reviewer_status", "reviewer_status: quarantined");
        dataset.Directory.Write("quarantine/support-chat-export.yaml", SeedRecord);
        var result = dataset.Run(o => o.Use = "incident-reproduction");
        var diagnostic = result.Single("PROV403");
        Assert.Contains("opt-out-list@2026-05-22", diagnostic.Message);
        Assert.Equal(dataset.LineOf("reviewer_status"), diagnostic.Location.Line);
    }

    [Fact]
    public void PROV503_for_a_lifted_record_without_exit_evidence()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord + "\n  status: lifted\n");
        var result = dataset.Run();
        Assert.Equal(new[] { "PROV503" }, result.Codes());
    }

    [Fact]
    public void PROV503_when_exit_evidence_fails_its_digest_and_a_pass_when_it_verifies()
    {
        using var dataset = new TestDataset();
        var logSha = dataset.WriteData("evidence/opt-out-removal.log", "removed 8841 records\n");
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord + $"\n  status: lifted\n  lifted_at: 2026-05-29\n  exit_evidence:\n    - path: ../evidence/opt-out-removal.log\n      sha256: {dataset.TrainSha}\n");
        var failed = dataset.Run();
        Assert.Equal(new[] { "PROV103", "PROV503" }, failed.Codes());

        dataset.Directory.Write("quarantine/record.yaml", SeedRecord + $"\n  status: lifted\n  lifted_at: 2026-05-29\n  exit_evidence:\n    - path: ../evidence/opt-out-removal.log\n      sha256: {logSha}\n");
        var passed = dataset.Run();
        Assert.True(passed.Passed, passed.Describe());
        var entry = Assert.Single(passed.QuarantineHistory);
        Assert.Equal(QuarantineStatus.Lifted, entry.Record.Status);
        Assert.Equal(logSha, Assert.Single(entry.ExitEvidence).Sha256);
        Assert.Equal("quarantine/record.yaml", entry.RelativePath);
    }

    [Fact]
    public void PROV504_when_the_manifest_says_accepted_but_a_record_is_active()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord);
        var result = dataset.Run(o => o.Use = "incident-reproduction");
        var diagnostic = result.Single("PROV504");
        Assert.Equal(dataset.LineOf("reviewer_status"), diagnostic.Location.Line);
    }

    [Fact]
    public void PROV504_when_the_manifest_still_says_quarantined_after_the_record_was_lifted()
    {
        using var dataset = new TestDataset();
        var logSha = dataset.WriteData("evidence/log.txt", "ok\n");
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined\n  - opt-out-list@2026-05-22");
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord + $"\n  status: lifted\n  exit_evidence:\n    - path: ../evidence/log.txt\n      sha256: {logSha}\n");
        Assert.Equal(new[] { "PROV504" }, dataset.Run().Codes());
    }

    [Fact]
    public void PROV505_is_a_message_for_a_record_about_another_source()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord.Replace("support-chat-export@2026-05-22", "forum-scrape@2025-01-01"));
        var result = dataset.Run();
        Assert.True(result.Passed);
        Assert.Equal(DiagnosticSeverity.Info, result.Single("PROV505").Severity);
        Assert.Empty(result.QuarantineHistory);
    }

    [Fact]
    public void PROV506_warns_for_a_record_about_another_version_of_a_used_source()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord.Replace("support-chat-export@2026-05-22", "support-chat-export@2026-04-30"));
        var result = dataset.Run();
        Assert.True(result.Passed);
        Assert.Equal(DiagnosticSeverity.Warning, result.Single("PROV506").Severity);
    }

    [Fact]
    public void Quarantine_items_replace_the_default_folder()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/record.yaml", SeedRecord);
        dataset.Directory.Write("elsewhere/unrelated.json", """{"quarantine": {"source_record": "x@1", "trigger": "t", "blocked_use": ["training"], "exit_condition": "e"}}""");
        var result = dataset.Run(o => o.QuarantineRecordPaths = new[] { "elsewhere/unrelated.json" });
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(new[] { "PROV505" }, result.Codes());
    }
}
