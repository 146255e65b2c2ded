using Provenance.Diagnostics;
using Provenance.Gate;

namespace Provenance.Tests;

public sealed class ManifestRuleTests
{
    [Fact]
    public void Repaired_manifest_passes_with_no_diagnostic_at_all()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.VerifiedFiles.Count); // artifact and two files; the exclusion report is named by path only
    }

    [Fact]
    public void Seed_repaired_manifest_as_written_reads_cleanly_and_only_lacks_the_artifact_path()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("provenance.yaml", $"""
            dataset: support-classifier-training
            created_at: 2026-05-22T18:10:00Z
            source_records:
             - support-chat-export@2026-05-22
             - opt-out-list@2026-05-22
            rights_basis: internal-use-policy-2026-04 + customer-exclusion-log
            transforms:
             - normalize-v1
             - pii-redaction-v3
             - opt-out-removal-v2
             - dedupe-v2
            exclusion_report: removed-records-8841.json
            reviewer_status: accepted_with_limits
            unresolved_risks:
             - non-English coverage gap
             - legacy tickets before consent-policy migration
            sha256: {dataset.TrainSha}
            model_build: support-classifier-v7
            """);
        var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path));
        Assert.Equal(new[] { "PROV106" }, result.Codes());
        Assert.Equal(17, result.Single("PROV106").Location.Line);

        dataset.Directory.Write("provenance.yaml", File.ReadAllText(dataset.ManifestPath) + "\nartifact: data/train.jsonl\n");
        var withArtifact = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path));
        Assert.True(withArtifact.Passed, withArtifact.Describe());
        Assert.Empty(withArtifact.Diagnostics);
    }

    [Fact]
    public void Seed_incident_manifest_reports_every_gap_with_its_line_and_column()
    {
        using var directory = new TempDirectory();
        directory.Write("provenance.yaml", Seed.IncidentManifest);
        var result = ProvenanceGate.Run(new GateOptions(directory.Path));
        Assert.False(result.Passed);
        Assert.Equal(new[] { "PROV004", "PROV102", "PROV106", "PROV201", "PROV204", "PROV302", "PROV304", "PROV401" }, result.Codes());
        Assert.Equal((3, 1), At(result.Single("PROV004")));
        Assert.Contains("Did you mean 'source_records'?", result.Single("PROV004").Message);
        Assert.Equal((4, 15), At(result.Single("PROV204")));
        Assert.Equal((6, 3), At(result.Single("PROV302")));
        Assert.Equal((8, 9), At(result.Single("PROV102")));
        Assert.Contains("9f2277aa...", result.Single("PROV102").Message);
        Assert.All(result.Diagnostics, d => Assert.EndsWith("provenance.yaml", d.Location.File));
    }

    [Fact]
    public void PROV001_names_every_place_it_looked()
    {
        using var directory = new TempDirectory();
        var result = ProvenanceGate.Run(new GateOptions(directory.Path));
        var diagnostic = result.Single("PROV001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        foreach (var name in ManifestLocator.DefaultNames)
        {
            Assert.Contains(Path.Combine(directory.Path, name), diagnostic.Message);
        }
    }

    [Fact]
    public void PROV001_for_an_explicit_path_that_does_not_exist()
    {
        using var directory = new TempDirectory();
        var result = ProvenanceGate.Run(new GateOptions(directory.Path) { ManifestPath = "data/missing.yaml" });
        Assert.Contains("missing.yaml", result.Single("PROV001").Message);
    }

    [Theory]
    [InlineData("provenance.yaml", "dataset: [unclosed\n", 2)]
    [InlineData("provenance.yaml", "dataset: x\n  bad: indentation\n", 2)]
    [InlineData("provenance.json", "{\n  \"dataset\": \"x\",\n  \"transforms\": [1,\n}\n", 4)]
    public void PROV002_points_at_the_line_that_does_not_parse(string name, string text, int line)
    {
        using var directory = new TempDirectory();
        directory.Write(name, text);
        var result = ProvenanceGate.Run(new GateOptions(directory.Path));
        Assert.Equal(new[] { "PROV002" }, result.Codes());
        Assert.Equal(line, result.Single("PROV002").Location.Line);
    }

    [Fact]
    public void PROV003_for_wrong_types_invalid_values_and_duplicate_keys()
    {
        using var dataset = new TestDataset();
        dataset.Set("reviewer_status", "reviewer_status: approved");
        dataset.Set("created_at", "created_at: last tuesday");
        dataset.Set("unresolved_risks", "unresolved_risks: {a: b}");
        dataset.Set("dup", "dataset: again");
        var result = dataset.Run();
        var messages = result.Diagnostics.Where(d => d.Id == "PROV003").Select(d => d.Message).ToList();
        Assert.Equal(4, messages.Count);
        Assert.Contains(messages, m => m.Contains("reviewer_status 'approved'") && m.Contains("accepted_with_limits"));
        Assert.Contains(messages, m => m.Contains("ISO-8601"));
        Assert.Contains(messages, m => m.Contains("must be a list"));
        Assert.Contains(messages, m => m.Contains("duplicate key 'dataset'"));
        var duplicate = result.Diagnostics.Single(d => d.Message.Contains("duplicate key"));
        Assert.Equal(dataset.LineOf("dup"), duplicate.Location.Line);
    }

    [Theory]
    [InlineData("SHA256", "sha256")]
    [InlineData("sources", "source_records")]
    [InlineData("reviewr_status", "reviewer_status")]
    [InlineData("license", "rights_basis")]
    public void PROV004_suggests_the_field_that_was_meant(string key, string suggestion)
    {
        using var dataset = new TestDataset();
        dataset.Set("extra", $"{key}: something");
        var result = dataset.Run();
        var diagnostic = result.Single("PROV004");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains($"Did you mean '{suggestion}'?", diagnostic.Message);
        Assert.Equal(dataset.LineOf("extra"), diagnostic.Location.Line);
        Assert.True(result.Passed);
    }

    [Fact]
    public void PROV004_is_silent_for_x_prefixed_custom_fields()
    {
        using var dataset = new TestDataset();
        dataset.Set("extra", "x-team: data-platform");
        Assert.Empty(dataset.Run().Diagnostics);
    }

    [Fact]
    public void PROV006_when_the_dataset_has_no_name()
    {
        using var dataset = new TestDataset();
        dataset.Remove("dataset");
        Assert.Equal(new[] { "PROV006" }, dataset.Run().Codes());
    }

    [Fact]
    public void PROV008_when_the_use_is_not_a_token()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Use = "New Training!");
        Assert.Contains("PROV008", result.Codes());
    }

    [Fact]
    public void PROV101_when_no_digest_is_declared_anywhere()
    {
        using var dataset = new TestDataset();
        dataset.Remove("sha256").Remove("files");
        var result = dataset.Run();
        Assert.Equal(new[] { "PROV101" }, result.Codes());
        Assert.Equal(2, result.Diagnostics.Count); // the manifest as a whole, and the artifact without its sha256
        Assert.Contains(result.Diagnostics, d => d.Location.Line == dataset.LineOf("artifact"));
    }

    [Fact]
    public void PROV101_for_a_files_entry_without_sha256()
    {
        using var dataset = new TestDataset();
        dataset.Set("files", "files:\n  - path: data/raw/opt-out-list.csv");
        var diagnostic = dataset.Run().Single("PROV101");
        Assert.Contains("data/raw/opt-out-list.csv", diagnostic.Message);
    }

    [Theory]
    [InlineData("9f2277aa...", "truncated")]
    [InlineData("abc", "3 hex characters")]
    [InlineData("{0}0", "65 hex characters")]
    [InlineData("{1}", "63 hex characters")]
    [InlineData("zz{1}", "not hex")]
    [InlineData("\"{0} \"", "white space")]
    public void PROV102_for_malformed_or_truncated_digests(string written, string problem)
    {
        using var dataset = new TestDataset();
        var value = string.Format(written, dataset.TrainSha, dataset.TrainSha.Substring(1));
        dataset.Set("sha256", $"sha256: {value}");
        var diagnostic = dataset.Run().Single("PROV102");
        Assert.Contains(problem, diagnostic.Message);
        Assert.Equal((dataset.LineOf("sha256"), 9), At(diagnostic));
    }

    [Theory]
    [InlineData("sha256:{0}")]
    [InlineData("SHA256:{0}")]
    [InlineData("{1}")]
    [InlineData("\"sha256:{1}\"")]
    public void Digests_accept_the_prefix_and_upper_case_hex(string written)
    {
        using var dataset = new TestDataset();
        dataset.Set("sha256", "sha256: " + string.Format(written, dataset.TrainSha, dataset.TrainSha.ToUpperInvariant()));
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void PROV103_names_the_file_and_both_digests()
    {
        using var dataset = new TestDataset();
        var changed = dataset.WriteData("data/train.jsonl", "{\"label\":\"billing\",\"text\":\"charged thrice\"}\n");
        var diagnostic = dataset.Run().Single("PROV103");
        Assert.Contains("data/train.jsonl", diagnostic.Message);
        Assert.Contains("sha256:" + dataset.TrainSha, diagnostic.Message);
        Assert.Contains("sha256:" + changed, diagnostic.Message);
        Assert.Equal(dataset.LineOf("sha256"), diagnostic.Location.Line);
    }

    [Fact]
    public void PROV104_for_a_missing_file_a_directory_and_a_missing_exclusion_report()
    {
        using var dataset = new TestDataset();
        File.Delete(dataset.Directory.Combine("data/raw/opt-out-list.csv"));
        File.Delete(dataset.Directory.Combine("removed-records-8841.json"));
        dataset.Set("files", $"files:\n  - path: data/raw/opt-out-list.csv\n    sha256: {dataset.OptOutSha}\n  - path: data/raw\n    sha256: {dataset.OptOutSha}");
        var result = dataset.Run();
        var messages = result.Diagnostics.Where(d => d.Id == "PROV104").Select(d => d.Message).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Contains("'data/raw/opt-out-list.csv' does not exist"));
        Assert.Contains(messages, m => m.Contains("is a directory"));
        Assert.Contains(messages, m => m.Contains("exclusion report 'removed-records-8841.json' does not exist"));
    }

    [Theory]
    [InlineData("../outside.jsonl")]
    [InlineData("data/../../outside.jsonl")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\data\\train.jsonl")]
    [InlineData("\\\\server\\share\\train.jsonl")]
    [InlineData("~/train.jsonl")]
    public void PROV105_for_paths_that_leave_the_data_root(string path)
    {
        using var dataset = new TestDataset();
        dataset.Set("artifact", $"artifact: '{path}'");
        var result = dataset.Run();
        Assert.Equal(new[] { "PROV105" }, result.Codes());
    }

    [Fact]
    public void PROV105_for_a_symbolic_link_out_of_the_data_root()
    {
        using var dataset = new TestDataset();
        using var outside = new TempDirectory();
        var target = outside.Write("secret.jsonl", "secret\n");
        File.CreateSymbolicLink(dataset.Directory.Combine("data/link.jsonl"), target);
        dataset.Set("artifact", "artifact: data/link.jsonl").Set("sha256", "sha256: " + TestDataset.Sha256("secret\n"));
        var diagnostic = dataset.Run().Single("PROV105");
        Assert.Contains("symbolic link", diagnostic.Message);
    }

    [Fact]
    public void Dot_segments_are_accepted_and_backslashes_or_dot_dot_after_a_name_are_PROV105()
    {
        using var dataset = new TestDataset();
        dataset.Set("artifact", "artifact: ./data/./train.jsonl");
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        dataset.Set("artifact", "artifact: 'data\\raw\\..\\train.jsonl'");
        Assert.Equal(new[] { "PROV105" }, dataset.Run().ErrorCodes());
        dataset.Set("artifact", "artifact: data/raw/../train.jsonl");
        Assert.Equal(new[] { "PROV105" }, dataset.Run().ErrorCodes());
    }

    [Fact]
    public void Extra_data_roots_admit_evidence_outside_the_manifest_directory()
    {
        using var dataset = new TestDataset();
        var shared = dataset.Directory.Write("shared/train.jsonl", "{\"shared\":true}\n");
        dataset.Directory.Write("manifest/provenance.yaml", string.Empty);
        Directory.Move(dataset.Directory.Combine("data"), dataset.Directory.Combine("manifest/data"));
        File.Move(dataset.Directory.Combine("removed-records-8841.json"), dataset.Directory.Combine("manifest/removed-records-8841.json"));
        dataset.ManifestName = "manifest/provenance.yaml";
        dataset.Set("artifact", "artifact: ../shared/train.jsonl").Set("sha256", "sha256: " + TestDataset.Sha256("{\"shared\":true}\n"));
        Assert.Equal(new[] { "PROV105" }, dataset.Run().Codes());
        var result = dataset.Run(o => o.DataRoots = new[] { "manifest", "shared" });
        Assert.True(result.Passed, result.Describe());
        Assert.True(File.Exists(shared));
    }

    [Fact]
    public void PROV106_for_a_digest_without_a_file()
    {
        using var dataset = new TestDataset();
        dataset.Remove("artifact");
        var diagnostic = dataset.Run().Single("PROV106");
        Assert.Equal(dataset.LineOf("sha256"), diagnostic.Location.Line);
    }

    [Fact]
    public void PROV107_for_one_file_with_two_different_digests()
    {
        using var dataset = new TestDataset();
        dataset.Set("files", $"files:\n  - path: data/train.jsonl\n    sha256: {dataset.ExportSha}");
        var codes = dataset.Run().Codes();
        Assert.Contains("PROV107", codes);
    }

    [Fact]
    public void PROV201_without_source_records()
    {
        using var dataset = new TestDataset();
        dataset.Remove("source_records");
        var result = dataset.Run();
        Assert.Contains("PROV201", result.Codes());
    }

    [Theory]
    [InlineData("support-chat-export")]
    [InlineData("support-chat-export@")]
    [InlineData("support-chat-export@latest")]
    [InlineData("support-chat-export@HEAD")]
    public void PROV202_for_sources_not_pinned_to_a_version(string source)
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", $"source_records:\n  - {source}\n  - opt-out-list@2026-05-22");
        var diagnostic = dataset.Run().Single("PROV202");
        Assert.Equal(dataset.LineOf("source_records") + 1, diagnostic.Location.Line);
    }

    [Fact]
    public void PROV203_without_a_rights_basis()
    {
        using var dataset = new TestDataset();
        dataset.Remove("rights_basis");
        Assert.Equal(new[] { "PROV203" }, dataset.Run().Codes());
    }

    [Fact]
    public void PROV203_is_silent_when_every_long_form_source_carries_its_own()
    {
        using var dataset = new TestDataset();
        dataset.Remove("rights_basis");
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    rights_basis: internal-use-policy-2026-04\n  - id: opt-out-list@2026-05-22\n    role: opt-out-list\n    rights_basis: customer-exclusion-log-v3");
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
    }

    [Theory]
    [InlineData("internal", true)]
    [InlineData("Public", true)]
    [InlineData("TBD", true)]
    [InlineData("customer consent", true)]
    [InlineData("internal policy and customer agreement", true)]
    [InlineData("internal-use-policy-2026-04 + customer-exclusion-log", false)]
    [InlineData("CC-BY-4.0", false)]
    [InlineData("MIT", false)]
    public void PROV204_for_vague_rights_bases(string rightsBasis, bool vague)
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", $"rights_basis: {rightsBasis}");
        Assert.Equal(vague, dataset.Run().Codes().Contains("PROV204"));
    }

    [Fact]
    public void PROV205_for_a_source_listed_twice()
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", "source_records:\n  - support-chat-export@2026-05-22\n  - opt-out-list@2026-05-22\n  - support-chat-export@2026-05-22");
        Assert.Equal(new[] { "PROV205" }, dataset.Run().Codes());
    }

    [Fact]
    public void PROV301_without_transforms()
    {
        using var dataset = new TestDataset();
        dataset.Remove("transforms");
        var codes = dataset.Run().Codes();
        Assert.Contains("PROV301", codes);
        Assert.Contains("PROV303", codes); // the opt-out list now has no removal step either
    }

    [Fact]
    public void PROV302_for_unversioned_transforms_in_both_forms()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", "transforms:\n  - clean-data\n  - name: pii-redaction\n  - opt-out-removal-v2\n  - name: dedupe\n    version: 2\n    params: {threshold: 0.84}");
        var result = dataset.Run();
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "PROV302"));
        Assert.Equal(new[] { "PROV302" }, result.Codes());
    }

    [Fact]
    public void PROV303_for_an_opt_out_list_without_removal()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - dedupe-v2 threshold=0.84");
        var diagnostic = dataset.Run().Single("PROV303");
        Assert.Contains("opt-out-list@2026-05-22", diagnostic.Message);
    }

    [Fact]
    public void PROV304_without_an_exclusion_report_when_records_were_removed()
    {
        using var dataset = new TestDataset();
        dataset.Remove("exclusion_report");
        var diagnostic = dataset.Run().Single("PROV304");
        Assert.Contains("opt-out-removal-v2", diagnostic.Message);
    }

    [Fact]
    public void PROV305_when_a_transform_runs_before_its_input_exists()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", """
            transforms:
              - name: normalize-v1
                inputs: [support-chat-export@2026-05-22]
              - name: opt-out-removal-v2
                inputs: [pii-redaction-v3, opt-out-list@2026-05-22]
              - name: pii-redaction-v3
                inputs: [normalize-v1]
              - name: dedupe-v2
                params: {threshold: 0.84}
                inputs: [opt-out-removal, scraped-forum@2026-01-01]
            """);
        var result = dataset.Run();
        var messages = result.Diagnostics.Where(d => d.Id == "PROV305").ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains("runs later", messages[0].Message);
        Assert.Contains("scraped-forum@2026-01-01", messages[1].Message);
    }

    [Fact]
    public void PROV305_is_silent_when_every_input_exists_before_its_step()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", """
            transforms:
              - name: normalize-v1
                inputs: [support-chat-export@2026-05-22]
              - name: pii-redaction
                version: v3
                inputs: [normalize-v1]
              - name: opt-out-removal-v2
                inputs: [pii-redaction-v3, opt-out-list]
              - name: dedupe-v2
                params: {threshold: 0.84}
                inputs: [opt-out-removal]
            """);
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void PROV306_warns_for_the_same_step_listed_twice()
    {
        using var dataset = new TestDataset();
        dataset.Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - opt-out-removal-v2\n  - normalize-v1\n  - dedupe-v2 threshold=0.84");
        var result = dataset.Run();
        Assert.Equal(DiagnosticSeverity.Warning, result.Single("PROV306").Severity);
    }

    [Fact]
    public void PROV401_without_reviewer_status()
    {
        using var dataset = new TestDataset();
        dataset.Remove("reviewer_status");
        Assert.Equal(new[] { "PROV401" }, dataset.Run().Codes());
    }

    [Fact]
    public void PROV402_when_rejected_at_the_top_or_for_one_source()
    {
        using var dataset = new TestDataset();
        dataset.Set("reviewer_status", "reviewer_status: rejected");
        Assert.Equal(new[] { "PROV402" }, dataset.Run().Codes());
        dataset.Set("reviewer_status", "reviewer_status: accepted");
        dataset.Set("source_records", "source_records:\n  - id: support-chat-export@2026-05-22\n    reviewer_status: rejected\n  - opt-out-list@2026-05-22");
        var diagnostic = dataset.Run().Single("PROV402");
        Assert.Equal(dataset.LineOf("source_records") + 2, diagnostic.Location.Line);
    }

    [Fact]
    public void PROV403_when_quarantined_without_a_record()
    {
        using var dataset = new TestDataset();
        dataset.Set("reviewer_status", "reviewer_status: quarantined");
        var result = dataset.Run();
        Assert.Equal(new[] { "PROV403" }, result.Codes());
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void PROV404_accepted_with_limits_but_no_risks()
    {
        using var dataset = new TestDataset();
        dataset.Remove("unresolved_risks");
        Assert.Equal(new[] { "PROV404" }, dataset.Run().Codes());
        dataset.Set("reviewer_status", "reviewer_status: accepted");
        Assert.Empty(dataset.Run().Diagnostics);
    }

    [Fact]
    public void Long_form_sources_are_verified_like_files()
    {
        using var dataset = new TestDataset();
        dataset.Remove("files");
        dataset.Set("source_records", $"source_records:\n  - id: support-chat-export@2026-05-22\n    path: data/raw/support-chat-export.jsonl\n    sha256: {dataset.OptOutSha}\n  - id: opt-out-list@2026-05-22\n    role: opt-out-list\n    path: data/raw/opt-out-list.csv\n    sha256: {dataset.OptOutSha}");
        var diagnostic = dataset.Run().Single("PROV103");
        Assert.Contains("source 'support-chat-export@2026-05-22'", diagnostic.Message);
    }

    [Fact]
    public void A_JSON_manifest_reads_into_the_same_model()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("provenance.json", $$"""
            {
              "dataset": "support-classifier-training",
              "source_records": ["support-chat-export@2026-05-22", "opt-out-list@2026-05-22"],
              "rights_basis": "internal-use-policy-2026-04 + customer-exclusion-log",
              "transforms": ["normalize-v1", "pii-redaction-v3", "opt-out-removal-v2", {"name": "dedupe-v2", "params": {"threshold": 0.84} } ],
              "exclusion_report": {"path": "removed-records-8841.json", "sha256": "{{dataset.ReportSha}}"},
              "reviewer_status": "accepted",
              "artifact": "data/train.jsonl",
              "sha256": "sha256:{{dataset.ExportSha}}"
            }
            """);
        var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path));
        var diagnostic = result.Single("PROV103");
        Assert.Equal((9, 13), At(diagnostic));
        Assert.Equal("dedupe-v2 threshold=0.84", result.Manifest!.Transforms[3].ToString());
    }

    private static (int Line, int Column) At(Diagnostic diagnostic) => (diagnostic.Location.Line, diagnostic.Location.Column);
}
