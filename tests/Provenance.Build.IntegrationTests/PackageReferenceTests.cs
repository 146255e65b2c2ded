using System.Text.Json;
using System.Text.RegularExpressions;

namespace Provenance.Build.IntegrationTests;

[Collection(PackageFeedCollection.Name)]
public sealed class PackageReferenceTests
{
    private readonly PackageFeed feed;

    public PackageReferenceTests(PackageFeed feed) => this.feed = feed;

    [Fact]
    public void Repaired_sample_passes_and_stamps_card_record_and_assembly_with_the_manifest_hash()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var build = project.Build("-p:ProvenanceProvJson=true");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertNoCrash(build);
        Assert.Empty(build.Codes("error"));
        Assert.Empty(build.Codes("warning"));

        var hash = "sha256:" + TestProject.Sha256File(project.Path_("provenance.yaml"));
        var card = File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md"));
        Assert.Contains($"training_manifest={hash}; reviewer_status=accepted_with_limits; unresolved_risks=non-English coverage gap; legacy tickets before consent-policy migration", card);
        Assert.Contains($"model support-classifier-v7 trained on manifest {hash.Substring(7, 8)}, built from support-chat-export and opt-out-list dated 2026-05-22", card);
        Assert.Contains("QR-2026-05-23-01", card);

        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "provenance.intoto.json")));
        Assert.Equal(hash.Substring(7), record.RootElement.GetProperty("predicate").GetProperty("manifest").GetProperty("digest").GetProperty("sha256").GetString());
        // A .NET project's assembly is the record's subject (ProvenanceRecordAssembly), so trace finds the record from it.
        var subject = record.RootElement.GetProperty("subject")[0];
        Assert.Equal("bin/Debug/net10.0/SupportClassifier.dll", subject.GetProperty("name").GetString());
        Assert.Equal(TestProject.Sha256File(Path.Combine(project.OutputDirectory, "SupportClassifier.dll")), subject.GetProperty("digest").GetProperty("sha256").GetString());

        using var prov = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "provenance.intoto.prov.json")));
        Assert.Equal(4, prov.RootElement.GetProperty("activity").EnumerateObject().Count());
        Assert.True(prov.RootElement.GetProperty("entity").TryGetProperty("pb:model/support-classifier-v7", out _));

        var assembly = File.ReadAllBytes(Path.Combine(project.OutputDirectory, "SupportClassifier.dll"));
        Assert.True(System.Text.Encoding.UTF8.GetString(assembly).Contains(hash), "the assembly carries AssemblyMetadata(Provenance.TrainingManifest)");
    }

    [Fact]
    public void Incident_sample_fails_with_every_gap_located_and_no_stack_trace()
    {
        var project = new TestProject(feed, "SupportClassifierIncident").CopySample("support-classifier-v7-incident");
        var build = project.Build();
        Assert.NotEqual(0, build.ExitCode);
        AssertNoCrash(build);
        var errors = build.Codes("error");
        Assert.True(errors.Length >= 5, build.ToString());
        Assert.Equal(new[] { "PROV102", "PROV106", "PROV201", "PROV204", "PROV302", "PROV304", "PROV401" }, errors);
        foreach (var code in errors)
        {
            Assert.Matches(new Regex($@"provenance\.yaml\(\d+,\d+\): error {code}: "), build.Text);
        }

        Assert.Contains("provenance.yaml(4,15): error PROV204:", build.Text);
        Assert.Contains("provenance.yaml(3,1): warning PROV004:", build.Text);
        Assert.False(File.Exists(Path.Combine(project.OutputDirectory, "SupportClassifierIncident.dll")), "a failing gate fails the build before compilation");
        Assert.False(File.Exists(Path.Combine(project.OutputDirectory, "model-card.md")));
    }

    [Fact]
    public void One_changed_byte_fails_with_PROV103_and_audit_mode_turns_it_into_a_warning()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var data = project.Path_("data/support-classifier-training.jsonl");
        var expected = TestProject.Sha256File(data);
        var bytes = File.ReadAllBytes(data);
        bytes[10] ^= 0x01;
        File.WriteAllBytes(data, bytes);
        var actual = TestProject.Sha256File(data);

        var enforce = project.Build();
        Assert.NotEqual(0, enforce.ExitCode);
        Assert.Equal(new[] { "PROV103" }, enforce.Codes("error"));
        var line = enforce.Lines.First(l => l.Contains("error PROV103"));
        Assert.Contains("data/support-classifier-training.jsonl", line);
        Assert.Contains("sha256:" + expected, line);
        Assert.Contains("sha256:" + actual, line);

        var audit = project.Build("-p:ProvenanceMode=audit");
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.Equal(new[] { "PROV103" }, audit.Codes("warning"));
        Assert.Empty(audit.Codes("error"));
        Assert.Contains("PROV103", File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md")));
    }

    [Fact]
    public void Off_mode_runs_nothing()
    {
        var project = new TestProject(feed, "SupportClassifierIncident").CopySample("support-classifier-v7-incident");
        var build = project.Build("-p:ProvenanceMode=off");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("PROV", build.Text);
        Assert.False(File.Exists(Path.Combine(project.OutputDirectory, "model-card.md")));
    }

    [Fact]
    public void A_suppression_with_justification_passes_and_stays_visible_and_an_expired_one_does_not()
    {
        var project = new TestProject(feed).WriteLibrary("""
              <ItemGroup>
                <ProvenanceSuppress Include="PROV204" Justification="LEGAL-42: policy v1 pending" Until="2999-12-31" />
              </ItemGroup>
            """);
        WriteManifest(project, rightsBasis: "internal");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("PROV204 suppressed (justification: LEGAL-42: policy v1 pending)", build.Text);

        project.WriteLibrary("""
              <ItemGroup>
                <ProvenanceSuppress Include="PROV204" Justification="LEGAL-42: policy v1 pending" Until="2020-01-01" />
              </ItemGroup>
            """);
        var expired = project.Build();
        Assert.NotEqual(0, expired.ExitCode);
        Assert.Equal(new[] { "PROV204" }, expired.Codes("error"));
        Assert.Equal(new[] { "PROV011" }, expired.Codes("warning"));
    }

    [Fact]
    public void NoWarn_and_WarningsAsErrors_apply_to_provenance_warnings()
    {
        var project = new TestProject(feed).WriteLibrary();
        WriteManifest(project, extra: "Sha256: also-unknown\n");
        var plain = project.Build();
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(new[] { "PROV004" }, plain.Codes("warning"));

        var quiet = project.Build("-p:NoWarn=PROV004");
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Empty(quiet.Codes("warning"));

        var strict = project.Build("-p:WarningsAsErrors=PROV004");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Equal(new[] { "PROV004" }, strict.Codes("error"));
    }

    [Fact]
    public void A_JSON_manifest_gates_the_build_like_YAML()
    {
        var project = new TestProject(feed).WriteLibrary();
        var dataSha = TestProject.Sha256("{\"text\":\"hello\"}\n");
        project.Write("data/train.jsonl", "{\"text\":\"hello\"}\n");
        project.Write("provenance.json", $$"""
            {
              "dataset": "tiny",
              "source_records": ["chat-export@2026-05-22"],
              "rights_basis": "internal-use-policy-2026-04",
              "transforms": ["pii-redaction-v3"],
              "reviewer_status": "accepted",
              "artifact": "data/train.jsonl",
              "sha256": "{{dataSha}}"
            }
            """);
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("training_manifest=sha256:" + TestProject.Sha256File(project.Path_("provenance.json")), File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md")));

        project.Write("provenance.json", project.Read("provenance.json").Replace("\"accepted\"", "\"approved\""));
        var bad = project.Build();
        Assert.Equal(new[] { "PROV003" }, bad.Codes("error"));
        Assert.Matches(new Regex(@"provenance\.json\(6,22\): error PROV003"), bad.Text);
    }

    [Fact]
    public void A_quarantined_source_blocks_training_and_benchmark_publication_but_not_incident_reproduction()
    {
        var project = new TestProject(feed).WriteLibrary();
        WriteManifest(project, sources: "  - id: support-chat-export@2026-05-22\n    reviewer_status: quarantined\n");
        project.Write("quarantine/support-chat-export.yaml", """
            quarantine:
              source_record: support-chat-export@2026-05-22
              trigger: opt-out record found in model-review sample
              blocked_use: new training and benchmark publication
              allowed_use: incident reproduction in restricted environment
              exit_condition: opt-out-removal evidence and reviewer status attached
            """);
        foreach (var use in new[] { "training", "benchmark-publication" })
        {
            var blocked = project.Build("-p:ProvenanceUse=" + use);
            Assert.NotEqual(0, blocked.ExitCode);
            Assert.Equal(new[] { "PROV501" }, blocked.Codes("error"));
            Assert.Matches(new Regex(@"provenance\.yaml\(4,9\): error PROV501: .*quarantine/support-chat-export\.yaml"), blocked.Text);
        }

        var reproduction = project.Build("-p:ProvenanceUse=incident-reproduction");
        Assert.True(reproduction.ExitCode == 0, reproduction.ToString());
        Assert.Contains("still active", File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md")));
    }

    [Fact]
    public void Incident_sample_built_for_incident_reproduction_fails_only_on_the_manifest_gaps()
    {
        var project = new TestProject(feed, "SupportClassifierIncident").CopySample("support-classifier-v7-incident");
        var build = project.Build("-p:ProvenanceUse=incident-reproduction");
        Assert.NotEqual(0, build.ExitCode);
        Assert.DoesNotContain("PROV501", build.Text);
        Assert.Equal(new[] { "PROV102", "PROV106", "PROV201", "PROV204", "PROV302", "PROV304", "PROV401" }, build.Codes("error"));
    }

    [Fact]
    public void A_no_op_build_rewrites_nothing_a_failed_gate_removes_the_stamps_and_clean_removes_them_too()
    {
        var project = new TestProject(feed).WriteLibrary();
        WriteManifest(project);
        var reproducible = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1779450600" };
        Assert.Equal(0, project.Run("build", reproducible).ExitCode);
        var card = Path.Combine(project.OutputDirectory, "model-card.md");
        var record = Path.Combine(project.OutputDirectory, "provenance.intoto.json");
        var cardTime = File.GetLastWriteTimeUtc(card);
        var recordTime = File.GetLastWriteTimeUtc(record);

        var noOp = project.Run("build", reproducible);
        Assert.True(noOp.ExitCode == 0, noOp.ToString());
        Assert.Equal(cardTime, File.GetLastWriteTimeUtc(card));
        Assert.Equal(recordTime, File.GetLastWriteTimeUtc(record));

        // Outputs older than their inputs make the stamp targets run; equal content is still not rewritten.
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(card, old);
        File.SetLastWriteTimeUtc(record, old);
        var forced = project.Run("build", reproducible);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(old, File.GetLastWriteTimeUtc(card));
        Assert.Equal(old, File.GetLastWriteTimeUtc(record));

        project.Write("data/train.jsonl", "tampered\n");
        var failed = project.Build();
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(File.Exists(card), "a failing gate leaves no card behind");
        Assert.False(File.Exists(record), "a failing gate leaves no record behind");

        WriteManifest(project);
        Assert.Equal(0, project.Build().ExitCode);
        Assert.True(File.Exists(card));
        var clean = project.Run("clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(card));
        Assert.False(File.Exists(record));
    }

    [Fact]
    public void A_project_card_template_is_stamped_between_its_markers()
    {
        var project = new TestProject(feed).WriteLibrary();
        WriteManifest(project);
        var template = "# Support classifier\n\nOwner: ml-platform\n\n<!-- provenance:begin -->\nto be generated\n<!-- provenance:end -->\n\n## Evaluation\nF1 0.87\n";
        project.Write("MODEL_CARD.md", template);
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var card = File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md"));
        Assert.StartsWith("# Support classifier\n\nOwner: ml-platform\n\n<!-- provenance:begin -->\n## Training data provenance", card);
        Assert.EndsWith("<!-- provenance:end -->\n\n## Evaluation\nF1 0.87\n", card);
        Assert.Equal(template, project.Read("MODEL_CARD.md"));
    }

    [Fact]
    public void A_second_local_build_reads_no_data_bytes_and_CI_reads_every_byte()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var local = new Dictionary<string, string?> { ["CI"] = null, ["ContinuousIntegrationBuild"] = null };
        // The sample was copied a moment ago: by default no file is trusted until it is older than the settle time.
        var fresh = project.Run("build", local, "-v:n");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        var freshAgain = project.Run("build", local, "-v:n");
        Assert.True(freshAgain.ExitCode == 0, freshAgain.ToString());
        Assert.Matches(new Regex(@"Provenance: verified 6 files, [\d.]+ KiB, 0 from the cache"), freshAgain.Text);

        // From here the settle time is 0, as if the files had been written long ago.
        local["ProvenanceCacheSettleSeconds"] = "0";
        File.Delete(project.Path_("obj/Debug/net10.0/provenance/digests.cache"));
        var first = project.Run("build", local, "-v:n");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("0 from the cache", first.Text);
        Assert.Contains("(cached mode)", first.Text);

        var second = project.Run("build", local, "-v:n");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing changed since the last passing gate (manifest, quarantine records, settings and the identity of all 6 files): result replayed without reading data (cached mode)", second.Text);

        // A touched file is no longer provably unchanged: the gate runs again, and the digest cache still spares the bytes of the rest.
        File.SetLastWriteTimeUtc(project.Path_("data/raw/opt-out-list-2026-05-22.csv"), DateTime.UtcNow.AddMinutes(-1));
        var touched = project.Run("build", local, "-v:n");
        Assert.True(touched.ExitCode == 0, touched.ToString());
        Assert.Matches(new Regex(@"Provenance: verified 6 files, [\d.]+ KiB, 5 from the cache, \d+ bytes read"), touched.Text);

        var ci = project.Run("build", new Dictionary<string, string?> { ["CI"] = "true" }, "-v:n");
        Assert.True(ci.ExitCode == 0, ci.ToString());
        Assert.Contains("0 from the cache", ci.Text);
        Assert.Contains("(full mode)", ci.Text);
    }

    [Fact]
    public void The_repaired_sample_built_against_the_incident_baseline_prints_and_stamps_the_seed_diff()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        File.Copy(Path.Combine(feed.RepoRoot, "samples", "support-classifier-v7-incident", "provenance.yaml"), project.Path_("incident.yaml"));
        var build = project.Build("-p:ProvenanceBaseline=incident.yaml", "-p:ProvenanceSarifLog=obj/provenance.sarif");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Provenance: changes since baseline incident.yaml:", build.Text);
        foreach (var change in new[]
        {
            "source re-pinned: support-chat-export (no version) -> @2026-05-22",
            "rights basis changed: internal -> internal-use-policy-2026-04 + customer-exclusion-log",
            "transform added: pii-redaction-v3",
            "transform re-versioned: dedupe v1 -> v2",
            "exclusion report changed: (none) -> exclusion/removed-records-2026-05-22.json",
            "reviewer status changed: (none) -> accepted_with_limits",
            "risk added: non-English coverage gap",
        })
        {
            Assert.Contains(change, build.Text);
            Assert.Contains("- " + change, File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md")));
        }

        Assert.Contains("### Changes since baseline incident.yaml", File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md")));
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "provenance.intoto.json")));
        var changes = record.RootElement.GetProperty("predicate").GetProperty("changesSinceBaseline");
        Assert.Equal("incident.yaml", changes.GetProperty("baseline").GetString());
        Assert.Contains(changes.GetProperty("changes").EnumerateArray(), c => c.GetProperty("kind").GetString() == "source-repinned");
        using var sarif = JsonDocument.Parse(File.ReadAllText(project.Path_("obj/provenance.sarif")));
        SarifAssert.Valid(sarif.RootElement);
        Assert.Empty(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public void A_build_with_a_gap_writes_a_SARIF_log_that_points_at_the_manifest_line()
    {
        var project = new TestProject(feed, "SupportClassifierIncident").CopySample("support-classifier-v7-incident");
        var build = project.Build("-p:ProvenanceSarifLog=provenance.sarif");
        Assert.NotEqual(0, build.ExitCode);
        using var sarif = JsonDocument.Parse(File.ReadAllText(project.Path_("provenance.sarif")));
        SarifAssert.Valid(sarif.RootElement);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var rights = results.Single(r => r.GetProperty("ruleId").GetString() == "PROV204");
        var location = rights.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("provenance.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(build.Codes("error").Length + build.Codes("warning").Length + 1, results.Select(r => r.GetProperty("ruleId").GetString()).Distinct().Count());
    }

    private static void WriteManifest(TestProject project, string rightsBasis = "internal-use-policy-2026-04", string? sources = null, string extra = "")
    {
        project.Write("data/train.jsonl", "{\"label\":\"billing\",\"text\":\"charged twice\"}\n");
        project.Write("provenance.yaml", $"""
            dataset: support-classifier-training
            created_at: 2026-05-22T18:10:00Z
            source_records:
            {sources ?? "  - support-chat-export@2026-05-22\n"}rights_basis: {rightsBasis}
            transforms:
              - normalize-v1
              - pii-redaction-v3
            reviewer_status: accepted
            artifact: data/train.jsonl
            sha256: {TestProject.Sha256("{\"label\":\"billing\",\"text\":\"charged twice\"}\n")}
            model_build: support-classifier-v7
            {extra}
            """);
    }

    internal static void AssertNoCrash(BuildOutput build)
    {
        Assert.DoesNotContain("MSB4018", build.Text);
        Assert.DoesNotContain("MSB4062", build.Text);
        Assert.DoesNotMatch(new Regex(@"^\s+at \S+\(", RegexOptions.Multiline), build.Text);
    }
}
