using Provenance.Drift;
using Provenance.Gate;

namespace Provenance.Tests;

public sealed class DriftTests
{
    [Fact]
    public void The_seed_repair_reads_as_a_semantic_diff()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline/provenance.yaml", Seed.IncidentManifest);
        var result = dataset.Run(o => o.Baseline = "baseline/provenance.yaml");
        Assert.True(result.Passed, result.Describe());
        var described = result.Changes.Select(c => c.Describe()).ToList();
        Assert.Contains("source re-pinned: support-chat-export (no version) -> @2026-05-22", described);
        Assert.Contains("source added: opt-out-list@2026-05-22", described);
        Assert.Contains("rights basis changed: internal -> internal-use-policy-2026-04 + customer-exclusion-log", described);
        Assert.Contains("transform re-versioned: normalize (no version) -> v1", described);
        Assert.Contains("transform re-versioned: dedupe v1 -> v2", described);
        Assert.Contains("transform parameters changed: dedupe [] -> [threshold=0.84]", described);
        Assert.Contains("transform added: pii-redaction-v3", described);
        Assert.Contains("transform added: opt-out-removal-v2", described);
        Assert.Contains("exclusion report changed: (none) -> removed-records-8841.json", described);
        Assert.Contains("reviewer status changed: (none) -> accepted_with_limits", described);
        Assert.Contains("risk added: non-English coverage gap", described);
        Assert.Contains("risk added: legacy tickets before consent-policy migration", described);
        Assert.Contains(result.Changes, c => c.Kind == ChangeKind.DigestChanged && c.Subject == "artifact data/train.jsonl");
        Assert.DoesNotContain(result.Changes, c => c.Kind == ChangeKind.TransformsReordered);
    }

    [Fact]
    public void PROV601_byte_drift_without_a_process_change_warns_and_fails_a_release_build()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline.yaml", dataset.ManifestText);
        var newSha = dataset.WriteData("data/raw/opt-out-list.csv", "customer\nC2\nC9\n");
        dataset.Set("files", $"files:\n  - path: data/raw/support-chat-export.jsonl\n    sha256: {dataset.ExportSha}\n  - path: data/raw/opt-out-list.csv\n    sha256: {newSha}");
        var local = dataset.Run(o => o.Baseline = "baseline.yaml");
        var diagnostic = local.Single("PROV601");
        Assert.Equal(Diagnostics.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("data/raw/opt-out-list.csv", diagnostic.Message);
        Assert.True(local.Passed);
        var release = dataset.Run(o => { o.Baseline = "baseline.yaml"; o.ReleaseBuild = true; });
        Assert.Equal(Diagnostics.DiagnosticSeverity.Error, release.Single("PROV601").Severity);
        Assert.False(release.Passed);
    }

    [Fact]
    public void PROV602_a_process_change_without_a_new_review()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline.yaml", dataset.ManifestText);
        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v4\n  - opt-out-removal-v2\n  - dedupe-v2 threshold=0.9");
        var result = dataset.Run(o => o.Baseline = "baseline.yaml");
        var diagnostic = result.Single("PROV602");
        Assert.Contains("transform re-versioned: pii-redaction v3 -> v4", diagnostic.Message);
        Assert.Contains("transform parameters changed: dedupe [threshold=0.84] -> [threshold=0.9]", diagnostic.Message);
        Assert.Equal(dataset.LineOf("reviewer_status"), diagnostic.Location.Line);

        dataset.Set("reviewed_at", "reviewed_at: 2026-06-02");
        Assert.Empty(dataset.Run(o => o.Baseline = "baseline.yaml").Diagnostics);
    }

    [Fact]
    public void PROV603_a_risk_that_disappears_needs_a_resolution_note()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline.yaml", dataset.ManifestText);
        dataset.Set("unresolved_risks", "unresolved_risks:\n  - non-English coverage gap");
        var dropped = dataset.Run(o => o.Baseline = "baseline.yaml");
        Assert.Contains("legacy tickets before consent-policy migration", dropped.Single("PROV603").Message);

        dataset.Set("resolved_risks", "resolved_risks:\n  - risk: legacy tickets before consent-policy migration\n    resolution: tickets before 2025-01 removed by consent-filter-v1\n    resolved_at: 2026-06-01");
        var noted = dataset.Run(o => o.Baseline = "baseline.yaml");
        Assert.DoesNotContain("PROV603", noted.Codes());
        Assert.Contains("risk resolved: legacy tickets before consent-policy migration (tickets before 2025-01 removed by consent-filter-v1)", noted.Changes.Select(c => c.Describe()));
    }

    [Fact]
    public void PROV604_a_removed_or_moved_transform()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline.yaml", dataset.ManifestText);
        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - opt-out-removal-v2\n  - pii-redaction-v3");
        dataset.Set("reviewed_at", "reviewed_at: 2026-06-02");
        var result = dataset.Run(o => o.Baseline = "baseline.yaml");
        var messages = result.Diagnostics.Where(d => d.Id == "PROV604").Select(d => d.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("transform removed: dedupe-v2 threshold=0.84"));
        Assert.Contains(messages, m => m.Contains("transforms reordered: normalize, pii-redaction, opt-out-removal -> normalize, opt-out-removal, pii-redaction"));
    }

    [Fact]
    public void Source_removal_rights_and_file_changes_are_named()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("baseline.yaml", dataset.ManifestText);
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-06-01\n    rights_basis: internal-use-policy-2026-06\n");
        dataset.Set("files", $"files:\n  - path: data/raw/support-chat-export.jsonl\n    sha256: {dataset.ExportSha}");
        dataset.Set("reviewer_status", "reviewer_status: accepted");
        var changes = dataset.Run(o => o.Baseline = "baseline.yaml").Changes.Select(c => c.Describe()).ToList();
        Assert.Contains("source re-pinned: support-chat-export @2026-05-22 -> @2026-06-01", changes);
        Assert.Contains("rights basis of source support-chat-export changed: (none) -> internal-use-policy-2026-06", changes);
        Assert.Contains("source removed: opt-out-list@2026-05-22", changes);
        Assert.Contains("file removed: data/raw/opt-out-list.csv", changes);
        Assert.Contains("reviewer status changed: accepted_with_limits -> accepted", changes);
    }

    [Fact]
    public void PROV605_for_a_baseline_that_is_neither_a_file_nor_a_revision()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Baseline = "no-such-ref-or-file");
        Assert.Contains("no-such-ref-or-file", result.Single("PROV605").Message);
        Assert.False(result.Passed);
    }

    [Fact]
    public void A_git_revision_is_a_baseline()
    {
        using var dataset = new TestDataset();
        void Git(params string[] args)
        {
            var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = dataset.Directory.Path, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"git {string.Join(" ", args)}: {process.StandardError.ReadToEnd()}");
        }

        dataset.Directory.Write("provenance.yaml", dataset.ManifestText);
        Git("init", "-q");
        Git("add", "provenance.yaml");
        Git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "accepted");
        dataset.Set("rights_basis", "rights_basis: internal-use-policy-2026-09");
        var result = dataset.Run(o => o.Baseline = "HEAD");
        Assert.Contains("rights basis changed: internal-use-policy-2026-04 + customer-exclusion-log -> internal-use-policy-2026-09", result.Changes.Select(c => c.Describe()));
        Assert.Equal(new[] { "PROV602" }, result.Codes());
    }
}
