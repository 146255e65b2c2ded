using Provenance.Gate;
using Provenance.Stamping;

namespace Provenance.Tests;

/// <summary>Issue 15: defects found by trying the gate as a new user would, from the docs alone.</summary>
public sealed class SecondLookTests
{
    private static string Lifted(string exitEvidence) => Seed.QuarantineRecord + "  status: lifted\n  lifted_at: 2026-05-29\n  exit_evidence:\n" + exitEvidence;

    [Fact]
    public void A_lifted_record_with_a_bare_exit_evidence_path_passes_and_the_card_and_record_carry_its_digest()
    {
        using var dataset = new TestDataset();
        var logSha = dataset.WriteData("evidence/opt-out-removal-log.txt", "removed 1 record\n");
        dataset.Directory.Write("quarantine/qr.yaml", Lifted("    - ../evidence/opt-out-removal-log.txt\n"));
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        var entry = Assert.Single(result.QuarantineHistory);
        Assert.Equal(logSha, Assert.Single(entry.ExitEvidence).Sha256);
        var summary = GateSummary.From(result);
        Assert.Contains(logSha, ModelCardWriter.Render(summary, Array.Empty<StampedFile>()));
        Assert.Contains(logSha, BuildRecordWriter.Render(summary, new BuildRecordInput { ManifestName = "provenance.yaml", BuildTime = DateTimeOffset.UnixEpoch }));
    }

    [Fact]
    public void A_missing_bare_exit_evidence_file_is_PROV104_at_its_line_naming_the_folder_it_is_relative_to()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/qr.yaml", Lifted("    - ../evidence/missing.txt\n"));
        var result = dataset.Run();
        Assert.False(result.Passed);
        var missing = result.Single("PROV104");
        Assert.EndsWith("qr.yaml", missing.Location.File);
        Assert.Equal(10, missing.Location.Line);
        Assert.Contains("'../evidence/missing.txt'", missing.Message);
        Assert.Contains("relative to " + dataset.Directory.Combine("quarantine"), missing.Message);
        Assert.DoesNotContain("relative to the manifest", missing.Message);
        var notLifted = result.Single("PROV503");
        Assert.Contains("../evidence/missing.txt", notLifted.Message);
        Assert.DoesNotContain("above", notLifted.Message);
    }

    [Fact]
    public void An_exclusion_report_named_without_a_digest_and_listed_with_one_under_files_is_not_a_duplicate()
    {
        using var dataset = new TestDataset();
        dataset.Set("files", $"files:\n  - path: data/raw/support-chat-export.jsonl\n    sha256: {dataset.ExportSha}\n  - path: data/raw/opt-out-list.csv\n    sha256: {dataset.OptOutSha}\n  - path: removed-records-8841.json\n    sha256: {dataset.ReportSha}");
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        Assert.Contains(result.VerifiedFiles, f => f.ManifestPath == "removed-records-8841.json" && f.Sha256 == dataset.ReportSha);

        dataset.Set("exclusion_report", $"exclusion_report:\n  path: removed-records-8841.json\n  sha256: {new string('0', 64)}");
        Assert.Contains("PROV107", dataset.Run().ErrorCodes());
    }

    [Fact]
    public void The_seed_reproduction_case_with_one_source_marked_quarantined_passes_for_incident_reproduction_only()
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined\n  - id: opt-out-list@2026-05-22\n    reviewer_status: accepted");
        dataset.Directory.Write("quarantine/support-chat-export-2026-05-22.yaml", Seed.QuarantineRecord);
        var reproduction = dataset.Run(o => o.Use = "incident-reproduction");
        Assert.True(reproduction.Passed, reproduction.Describe());
        Assert.Contains("PROV501", dataset.Run().ErrorCodes());
    }

    [Fact]
    public void Quarantined_for_the_whole_manifest_says_how_to_mark_one_source_with_a_snippet()
    {
        using var dataset = new TestDataset();
        dataset.Set("reviewer_status", "reviewer_status: quarantined");
        dataset.Directory.Write("quarantine/support-chat-export-2026-05-22.yaml", Seed.QuarantineRecord);
        var result = dataset.Run(o => o.Use = "incident-reproduction");
        var unexplained = result.Single("PROV403");
        Assert.Contains("opt-out-list@2026-05-22", unexplained.Message);
        Assert.Contains("source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined", unexplained.Message);

        dataset.Set("reviewer_status", "reviewer_status: accepted_with_limits");
        var mismatch = dataset.Run(o => o.Use = "incident-reproduction").Single("PROV504");
        Assert.Contains("- id: support-chat-export@2026-05-22\n    reviewer_status: quarantined", mismatch.Message);
    }
}

/// <summary>Issue 17, item 20: transform versions a Python team writes.</summary>
public sealed class TransformVersionTests
{
    [Theory]
    [InlineData("1.2.0", "strip-emojis-v1.2.0")]
    [InlineData("2.0.0-rc.1+build.5", "strip-emojis@2.0.0-rc.1+build.5")]
    [InlineData("a1b2c3d", "strip-emojis@a1b2c3d")]
    [InlineData("v3", "strip-emojis-v3")]
    [InlineData("1.4", "strip-emojis-v1.4")]
    public void The_long_form_accepts_numbers_semantic_versions_and_commit_ids(string version, string printed)
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", $"transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - opt-out-removal-v2\n  - name: strip-emojis\n    version: {version}\n  - dedupe-v2 threshold=0.84");
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        Assert.Contains(printed, result.Manifest!.Transforms.Select(t => t.VersionedName));
    }

    [Fact]
    public void A_short_form_with_at_gets_the_long_form_to_write_and_garbage_is_named()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - opt-out-removal-v2\n  - strip-emojis@1.2.0\n  - dedupe-v2 threshold=0.84");
        var unversioned = dataset.Run().Single("PROV302");
        Assert.Contains("short form is name-vN", unversioned.Message);
        Assert.Contains("  - name: strip-emojis\n    version: 1.2.0", unversioned.Message);
        Assert.DoesNotContain("strip-emojis@1.2.0-v1", unversioned.Message);

        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - opt-out-removal-v2\n  - name: strip-emojis\n    version: latest\n  - dedupe-v2 threshold=0.84");
        Assert.Contains("semantic version", dataset.Run().Single("PROV003").Message);
    }
}
