using System.Reflection;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Provenance.Build.IntegrationTests;

/// <summary>The `provenance` tool, run as a process on the samples: same rules and codes as the build.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly string[] IncidentErrors = { "PROV102", "PROV106", "PROV201", "PROV204", "PROV302", "PROV304", "PROV401" };

    private readonly string repo;
    private readonly string tool;
    private readonly string scratch = Path.Combine(Path.GetTempPath(), "provenance-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests()
    {
        repo = Repository.Root;
        tool = Repository.Tool;
        Directory.CreateDirectory(scratch);
    }

    [Fact]
    public void Verify_the_incident_prints_the_same_codes_as_the_build_and_exits_1()
    {
        var run = Run(Sample("support-classifier-v7-incident"), "verify");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(IncidentErrors, run.Codes("error"));
        Assert.Contains("provenance.yaml(4,15): error PROV204:", run.Text);
    }

    [Fact]
    public void Verify_the_repaired_sample_passes_with_the_manifest_hash()
    {
        var sample = Sample("support-classifier");
        var run = Run(sample, "verify", "--use", "training");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("passed: training_manifest=sha256:" + TestProject.Sha256File(Path.Combine(sample, "provenance.yaml")), run.Text);
    }

    [Fact]
    public void Verify_as_json_and_as_sarif()
    {
        var sample = Sample("support-classifier-v7-incident");
        var json = Run(sample, "verify", "--format", "json");
        Assert.Equal(1, json.ExitCode);
        using (var report = JsonDocument.Parse(json.Text))
        {
            Assert.False(report.RootElement.GetProperty("passed").GetBoolean());
            Assert.Equal(IncidentErrors, report.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("severity").GetString() == "error").Select(d => d.GetProperty("code").GetString()).Distinct().OrderBy(c => c, StringComparer.Ordinal));
        }

        var sarif = Run(sample, "verify", "--format", "sarif");
        Assert.Equal(1, sarif.ExitCode);
        using var log = JsonDocument.Parse(sarif.Text);
        SarifAssert.Valid(log.RootElement);
        var result = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "PROV204");
        Assert.Equal("error", result.GetProperty("level").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("provenance.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(4, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(15, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public void Diff_shows_the_repair_in_text_and_json()
    {
        var samples = Path.Combine(repo, "samples");
        var text = Run(samples, "diff", "support-classifier-v7-incident/provenance.yaml", "support-classifier/provenance.yaml");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("~ source re-pinned: support-chat-export (no version) -> @2026-05-22", text.Text);
        Assert.Contains("~ rights basis changed: internal -> internal-use-policy-2026-04 + customer-exclusion-log", text.Text);
        Assert.Contains("+ transform added: opt-out-removal-v2", text.Text);
        Assert.Contains("~ transform re-versioned: dedupe v1 -> v2", text.Text);
        Assert.Contains("~ reviewer status changed: (none) -> accepted_with_limits", text.Text);
        Assert.Contains("+ risk added: legacy tickets before consent-policy migration", text.Text);

        var json = Run(samples, "diff", "support-classifier-v7-incident/provenance.yaml", "support-classifier/provenance.yaml", "--format", "json");
        using var changes = JsonDocument.Parse(json.Text);
        Assert.Contains(changes.RootElement.EnumerateArray(), c => c.GetProperty("kind").GetString() == "source-repinned" && c.GetProperty("after").GetString() == "@2026-05-22");
    }

    [Fact]
    public void Hash_prints_files_entries_a_manifest_can_use()
    {
        var data = Path.Combine(scratch, "data");
        Directory.CreateDirectory(Path.Combine(data, "raw"));
        File.WriteAllText(Path.Combine(data, "raw", "b.csv"), "b\n");
        File.WriteAllText(Path.Combine(data, "a.jsonl"), "{}\n");
        var run = Run(scratch, "hash", "data");
        Assert.True(run.ExitCode == 0, run.ToString());
        var yaml = new YamlStream();
        yaml.Load(new StringReader(run.Text));
        var files = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["files"];
        Assert.Equal(2, files.Children.Count);
        var first = (YamlMappingNode)files.Children[0];
        Assert.Equal("data/a.jsonl", first["path"].ToString());
        Assert.Equal(TestProject.Sha256("{}\n"), first["sha256"].ToString());
        Assert.Equal(2, Run(scratch, "hash", "missing").ExitCode);
    }

    [Fact]
    public void Init_writes_a_starter_whose_first_verification_shows_the_gaps()
    {
        Directory.CreateDirectory(Path.Combine(scratch, "data"));
        File.WriteAllText(Path.Combine(scratch, "data", "train.jsonl"), "{}\n");
        var init = Run(scratch, "init", "data");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal(2, Run(scratch, "init", "data").ExitCode); // never overwrites without --force
        var verify = Run(scratch, "verify");
        Assert.Equal(1, verify.ExitCode);
        Assert.Equal(new[] { "PROV202", "PROV204", "PROV302", "PROV401" }, verify.Codes("error"));
        Assert.DoesNotContain("PROV103", verify.Text);
    }

    [Fact]
    public void Card_writes_the_model_card_and_the_build_record()
    {
        var sample = Sample("support-classifier");
        var output = Path.Combine(scratch, "out");
        var run = Run(sample, "card", "--out", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        var hash = "sha256:" + TestProject.Sha256File(Path.Combine(sample, "provenance.yaml"));
        Assert.Contains($"training_manifest={hash}; reviewer_status=accepted_with_limits", File.ReadAllText(Path.Combine(output, "model-card.md")));
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "provenance.intoto.json")));
        Assert.Equal("https://in-toto.io/Statement/v1", record.RootElement.GetProperty("_type").GetString());

        var failing = Run(Sample("support-classifier-v7-incident"), "card", "--out", Path.Combine(scratch, "out2"));
        Assert.Equal(1, failing.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(scratch, "out2")));
    }

    [Fact]
    public void Explain_prints_the_rule_page_and_usage_errors_exit_2()
    {
        var explain = Run(scratch, "explain", "PROV103");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.StartsWith("# PROV103: Digest mismatch", explain.Text);
        Assert.Equal(2, Run(scratch, "explain", "PROV999").ExitCode);
        Assert.Equal(2, Run(scratch, "frobnicate").ExitCode);
        Assert.Equal(2, Run(scratch, "verify", "--mode", "sideways").ExitCode);
        Assert.Equal(0, Run(scratch, "help").ExitCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void A_link_chain_that_overflowed_the_stack_and_a_link_out_of_the_root_are_coded_errors_exit_1()
    {
        var sample = Sample("support-classifier");
        var data = Path.Combine(sample, "data", "support-classifier-training.jsonl");
        File.Delete(data);
        Directory.CreateDirectory(Path.Combine(sample, "other", "d"));
        File.CreateSymbolicLink(Path.Combine(sample, "data", "L2"), "../other/d");
        File.CreateSymbolicLink(data, "L2/../support-classifier-training.jsonl/x");
        var chain = Run(sample, "verify");
        Assert.Equal(1, chain.ExitCode);
        Assert.Contains(chain.Codes("error"), c => c is "PROV104" or "PROV105");

        File.Delete(data);
        File.CreateSymbolicLink(data, "/etc/hostname");
        var escape = Run(sample, "verify");
        Assert.Equal(1, escape.ExitCode);
        Assert.Contains("PROV105", escape.Codes("error"));
    }

    [Fact]
    public void Usage_errors_are_caught_before_anything_runs_and_exit_2()
    {
        var sample = Sample("support-classifier");
        var help = Run(sample, "verify", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Text);
        Assert.DoesNotContain("passed:", help.Text);

        var misspelt = Run(sample, "verfy");
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("Did you mean", misspelt.Text);
        Assert.Contains("verify", misspelt.Text);

        var format = Run(sample, "verify", "--format", "xml");
        Assert.Equal(2, format.ExitCode);
        Assert.DoesNotContain("passed:", format.Text);

        var unknown = Run(sample, "verify", "--bogus");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--bogus", unknown.Text);
        Assert.DoesNotContain("needs a value", unknown.Text);

        var release = Run(sample, "verify", "--release", "provenance.yaml");
        Assert.True(release.ExitCode == 0, release.ToString());

        var artifact = Run(sample, "card", "--artifact", "missing.json");
        Assert.Equal(2, artifact.ExitCode);
        Assert.Contains("PROV703", artifact.Text);
        Assert.DoesNotContain("PROV900", artifact.Text);
    }

    private string Sample(string name)
    {
        var copy = Path.Combine(scratch, name);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repo, "samples", name), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(repo, "samples", name), file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return copy;
    }

    private BuildOutput Run(string directory, params string[] arguments) =>
        DotNet.Run(directory, new Dictionary<string, string?>(), new[] { tool }.Concat(arguments).ToArray());
}
