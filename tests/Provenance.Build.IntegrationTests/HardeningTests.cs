using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Provenance.Build.IntegrationTests;

[Collection(PackageFeedCollection.Name)]
public sealed class HardeningTests
{
    private const string DataLine = "{\"label\":\"billing\",\"text\":\"charged twice\"}\n";

    private readonly PackageFeed feed;

    public HardeningTests(PackageFeed feed) => this.feed = feed;

    /// <summary>Hostile manifests and records through the real task in one build: only PROV codes, never MSB4018 or a stack trace.</summary>
    [Fact]
    public void Hostile_inputs_through_the_task_give_PROV_codes_and_never_a_crash()
    {
        var project = new TestProject(feed).WriteLibrary("""
              <ItemGroup>
                <ProvenanceCase Include="$([System.IO.Directory]::GetDirectories('$(MSBuildProjectDirectory)/cases'))" />
              </ItemGroup>
              <Target Name="RunCases">
                <MSBuild Projects="$(MSBuildProjectFullPath)" Targets="BuildOnlySettings;ProvenanceVerify" ContinueOnError="true"
                         Properties="ProvenanceManifest=%(ProvenanceCase.Identity)/provenance.yaml;ProvenanceDataRoot=%(ProvenanceCase.Identity);IntermediateOutputPath=obj/cases/%(ProvenanceCase.Filename)/" />
              </Target>
            """);
        var sha = TestProject.Sha256(DataLine);
        var valid = $"dataset: d\nsource_records: [a@1]\nrights_basis: CC-BY-4.0\ntransforms: [t-v1]\nreviewer_status: accepted\nartifact: data/train.jsonl\nsha256: {sha}\n";
        var cases = new Dictionary<string, (string Manifest, string? Record, string Expected)>
        {
            ["empty"] = ("", null, "PROV002"),
            ["binary"] = ("\u0000\u0001\u0002\u00ff", null, "PROV002"),
            ["tabs"] = ("source_records:\n\t- a@1\n", null, "PROV002"),
            ["two-documents"] = (valid + "---\n" + valid, null, "PROV002"),
            ["duplicate-keys"] = (valid + "dataset: again\n", null, "PROV003"),
            ["alias-bomb"] = (string.Concat(Enumerable.Range(0, 12).Select(i => i == 0 ? "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" : $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")), null, "PROV005"),
            ["deep"] = (new string('[', 3000) + new string(']', 3000), null, "PROV005"),
            ["short-digest"] = (valid.Replace(sha, sha.Substring(1)), null, "PROV102"),
            ["mismatch"] = (valid.Replace(sha, new string('0', 64)), null, "PROV103"),
            ["absolute"] = (valid.Replace("data/train.jsonl", "/etc/passwd"), null, "PROV105"),
            ["dot-dot"] = (valid.Replace("data/train.jsonl", "../../secret"), null, "PROV105"),
            ["directory"] = (valid.Replace("artifact: data/train.jsonl", "artifact: data"), null, "PROV104"),
            ["fifo"] = (valid.Replace("data/train.jsonl", "data/pipe"), null, "PROV108"),
            ["symlink-loop"] = (valid.Replace("data/train.jsonl", "data/loop-a"), null, "PROV105"),
            ["record-missing-fields"] = (valid, "quarantine:\n  source_record: a@1\n", "PROV502"),
            ["record-junk"] = (valid, "quarantine: [\n", "PROV002"),
        };
        foreach (var (name, (manifest, record, _)) in cases)
        {
            project.Write($"cases/{name}/provenance.yaml", manifest);
            project.Write($"cases/{name}/data/train.jsonl", DataLine);
            if (record is not null)
            {
                project.Write($"cases/{name}/quarantine/record.yaml", record);
            }
        }

        Process.Start("mkfifo", project.Path_("cases/fifo/data/pipe")).WaitForExit();
        File.CreateSymbolicLink(project.Path_("cases/symlink-loop/data/loop-a"), project.Path_("cases/symlink-loop/data/loop-b"));
        File.CreateSymbolicLink(project.Path_("cases/symlink-loop/data/loop-b"), project.Path_("cases/symlink-loop/data/loop-a"));

        var build = project.Run("msbuild", "-restore", "-t:RunCases", "-v:m");
        PackageReferenceTests.AssertNoCrash(build);
        Assert.DoesNotContain("PROV900", build.Text);
        foreach (var (name, (_, _, expected)) in cases)
        {
            Assert.Matches(new Regex($@"cases/{Regex.Escape(name)}/[^\s(]+(\(\d+,\d+\))?: error {expected}:"), build.Text);
        }

        Assert.NotEqual(0, build.ExitCode);
    }

    /// <summary>Four projects sharing one manifest built in parallel, then two builds of one project at once: all pass, nothing half-written.</summary>
    [Fact]
    public async Task Parallel_builds_sharing_a_manifest_pass_and_leave_consistent_outputs()
    {
        var root = new TestProject(feed, "unused");
        root.Write("shared/data/train.jsonl", DataLine);
        root.Write("shared/provenance.yaml", $"dataset: d\nsource_records: [a@1]\nrights_basis: CC-BY-4.0\ntransforms: [t-v1]\nreviewer_status: accepted\nartifact: data/train.jsonl\nsha256: {TestProject.Sha256(DataLine)}\n");
        var projects = Enumerable.Range(1, 4).Select(i => $"Training{i}/Training{i}.csproj").ToList();
        foreach (var path in projects)
        {
            root.Write(path, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ProvenanceManifest>../shared/provenance.yaml</ProvenanceManifest>
                    <ProvenanceDataRoot>../shared</ProvenanceDataRoot>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Provenance.Build" Version="{PackageFeed.Version}" />
                  </ItemGroup>
                </Project>
                """);
            root.Write(Path.Combine(Path.GetDirectoryName(path)!, "Model.cs"), "namespace T; public static class M { }\n");
        }

        root.Write("all.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        var build = root.Run("build", "all.slnx", "-m");
        Assert.True(build.ExitCode == 0, build.ToString());
        var hash = "sha256:" + TestProject.Sha256File(root.Path_("shared/provenance.yaml"));
        foreach (var i in Enumerable.Range(1, 4))
        {
            Assert.Contains($"training_manifest={hash}", root.Read($"Training{i}/bin/Debug/net10.0/model-card.md"));
        }

        // Two builds of one project at the same moment write the same gate, cache and stamp files.
        var local = new Dictionary<string, string?> { ["CI"] = null };
        for (var round = 0; round < 3; round++)
        {
            File.Delete(root.Path_("Training1/bin/Debug/net10.0/model-card.md"));
            var builds = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() => root.Run("build", local, "Training1/Training1.csproj", "--no-restore", "-t:ProvenanceStamp", "-p:BuildingProject=true")))
                .ToArray();
            foreach (var concurrent in await Task.WhenAll(builds))
            {
                Assert.True(concurrent.ExitCode == 0, concurrent.ToString());
                PackageReferenceTests.AssertNoCrash(concurrent);
            }

            Assert.Contains($"training_manifest={hash}", root.Read("Training1/bin/Debug/net10.0/model-card.md"));
            using var record = JsonDocument.Parse(root.Read("Training1/bin/Debug/net10.0/provenance.intoto.json"));
            Assert.Equal(hash.Substring(7), record.RootElement.GetProperty("predicate").GetProperty("manifest").GetProperty("digest").GetProperty("sha256").GetString());
            Assert.Empty(Directory.GetFiles(root.Path_("Training1"), "*.tmp", SearchOption.AllDirectories));
        }

        // The data was written moments ago: settle time 0 lets the replay trust it, as it would once it is older.
        var settled = root.Run("build", local, "Training1/Training1.csproj", "--no-restore", "-v:n", "-p:ProvenanceCacheSettleSeconds=0");
        Assert.True(settled.ExitCode == 0, settled.ToString());
        var after = root.Run("build", local, "Training1/Training1.csproj", "--no-restore", "-v:n", "-p:ProvenanceCacheSettleSeconds=0");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("result replayed without reading data", after.Text);
    }
}
