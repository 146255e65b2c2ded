using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

/// <summary>Issue 17, what an MSBuild review found: incrementality, clean, warnings as errors, paths and locations.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class MSBuildIntegrationTests
{
    private readonly PackageFeed feed;

    public MSBuildIntegrationTests(PackageFeed feed) => this.feed = feed;

    private static string RecordPath(TestProject project) => Path.Combine(project.OutputDirectory, "provenance.intoto.json");

    private static JsonElement Predicate(TestProject project)
    {
        using var record = JsonDocument.Parse(File.ReadAllText(RecordPath(project)));
        return record.RootElement.GetProperty("predicate").Clone();
    }

    private static void Git(string directory, params string[] arguments) => Processes.Git(directory, arguments);

    private static string Head(string directory) => Processes.Git(directory, "rev-parse", "HEAD");

    [Fact]
    public void The_record_names_the_current_commit_and_whether_the_tree_is_dirty()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        project.Write(".gitignore", "bin/\nobj/\n*.binlog\n");
        Git(project.Directory, "init", "-q");
        Git(project.Directory, "add", "-A");
        Git(project.Directory, "commit", "-q", "-m", "first");
        Assert.True(project.Build().ExitCode == 0);
        var code = Predicate(project).GetProperty("codeVersion");
        Assert.Equal(Head(project.Directory), code.GetProperty("revision").GetString());

        project.Write("NOTES.md", "a later commit\n");
        Git(project.Directory, "add", "-A");
        Git(project.Directory, "commit", "-q", "-m", "second");
        Assert.True(project.Build().ExitCode == 0);
        code = Predicate(project).GetProperty("codeVersion");
        Assert.Equal(Head(project.Directory), code.GetProperty("revision").GetString());
        Assert.False(code.GetProperty("dirty").GetBoolean());

        File.AppendAllText(project.Path_("NOTES.md"), "an edit not committed\n");
        Assert.True(project.Build().ExitCode == 0);
        Assert.True(Predicate(project).GetProperty("codeVersion").GetProperty("dirty").GetBoolean());
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with;semicolon")]
    public void A_no_op_build_rewrites_no_stamp_after_the_project_file_was_touched(string folder)
    {
        var project = new TestProject(feed, "SupportClassifier", folder).CopySample("support-classifier");
        // NuGet's restore cannot read a nuget.config from a folder whose name holds ';' (not ours to fix): point it elsewhere.
        var config = Path.Combine(Path.GetDirectoryName(project.Directory)!, "nuget.config");
        File.Copy(project.Path_("nuget.config"), config, overwrite: true);
        var restore = "-p:RestoreConfigFile=" + config;
        // In such a folder the SDK's own compile is not incremental either (it rewrites the assembly on every build), so
        // the assembly is left out of the stamp's inputs there: this test is about the stamp target's own inputs.
        if (folder.Contains(';'))
        {
            restore += " -p:ProvenanceRecordAssembly=false";
        }
        var first = project.Build(restore.Split(' '));
        Assert.True(first.ExitCode == 0, first.ToString());
        var written = File.GetLastWriteTimeUtc(RecordPath(project));
        var buildTime = Predicate(project).GetProperty("buildTime").GetString();

        // Touched now, not in the future: a marker written by a build faster than that future would stay older than it.
        File.SetLastWriteTimeUtc(project.ProjectFile, DateTime.UtcNow);
        var touched = project.Build(restore.Split(' '));
        Assert.True(touched.ExitCode == 0, touched.ToString());
        Assert.Equal(written, File.GetLastWriteTimeUtc(RecordPath(project)));
        Assert.Equal(buildTime, Predicate(project).GetProperty("buildTime").GetString());

        var noOp = project.Build(restore.Split(' ').Append("-v:d").ToArray());
        Assert.True(noOp.ExitCode == 0, noOp.ToString());
        Assert.Contains("Skipping target \"_ProvenanceWriteStamps\" because all output files are up-to-date", noOp.Text);
        Assert.Equal(written, File.GetLastWriteTimeUtc(RecordPath(project)));
    }

    [Fact]
    public void TreatWarningsAsErrors_makes_a_provenance_warning_an_error()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        project.Write("provenance.yaml", project.Read("provenance.yaml") + "reviewd_by: data-governance\n");
        var build = project.Build("-p:TreatWarningsAsErrors=true");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("PROV004", build.Codes("error"));
        Assert.False(File.Exists(RecordPath(project)));
    }

    [Fact]
    public void Clean_removes_the_gate_state_and_a_Rebuild_verifies_instead_of_replaying()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var local = new Dictionary<string, string?> { ["CI"] = null, ["ProvenanceCacheSettleSeconds"] = "0" };
        Assert.Equal(0, project.Run("build", local).ExitCode);
        Assert.Equal(0, project.Run("build", local).ExitCode);
        var state = project.Path_("obj/Debug/net10.0/provenance");
        Assert.True(File.Exists(Path.Combine(state, "gate.state")));
        Assert.Equal(0, project.Run("clean", local).ExitCode);
        foreach (var name in new[] { "gate.json", "gate.state", "digests.cache" })
        {
            Assert.False(File.Exists(Path.Combine(state, name)), name + " survived dotnet clean");
        }

        Assert.Equal(0, project.Run("build", local).ExitCode);
        Assert.Equal(0, project.Run("build", local).ExitCode);
        var rebuild = project.Run("build", local, "-t:Rebuild", "-v:n");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("result replayed", rebuild.Text);
        Assert.Contains("0 from the cache", rebuild.Text);
    }

    [Fact]
    public void A_manifest_outside_the_project_folder_is_recorded_by_its_relative_path()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var shared = Path.Combine(project.Directory, "..", Path.GetFileName(project.Directory) + "-dataset");
        Directory.CreateDirectory(shared);
        foreach (var file in Directory.EnumerateFiles(project.Directory, "*", SearchOption.AllDirectories).Where(f => f.Contains("/data/") || f.Contains("/evidence/") || f.Contains("/exclusion/") || f.Contains("/quarantine/")))
        {
            var to = Path.Combine(shared, Path.GetRelativePath(project.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        File.Move(project.Path_("provenance.yaml"), Path.Combine(shared, "provenance.yaml"));

        var manifest = "../" + Path.GetFileName(shared) + "/provenance.yaml";
        var build = project.Build("-p:ProvenanceManifest=" + manifest);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(manifest, Predicate(project).GetProperty("manifest").GetProperty("path").GetString());
    }

    [Fact]
    public void Setting_and_manifest_errors_are_located_at_the_project_file()
    {
        var project = new TestProject(feed, "Training").WriteLibrary("""
              <ItemGroup>
                <ProvenanceSuppress Include="PROV204" />
              </ItemGroup>
            """);
        var missing = project.Build();
        Assert.Contains($"{project.ProjectFile} : error PROV001", missing.Text);
        Assert.Contains($"{project.ProjectFile} : warning PROV010", missing.Text);

        var mode = project.Build("-p:ProvenanceMode=enforced");
        Assert.Contains($"{project.ProjectFile} : error PROV008", mode.Text);
    }

    [Fact]
    public void The_IDE_up_to_date_check_sees_the_manifest_the_records_and_the_data_files()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        Assert.Equal(0, project.Build().ExitCode);
        var query = project.Run("msbuild", "-t:_ProvenanceCollectUpToDateCheckInputs", "-getItem:UpToDateCheckInput");
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Contains("provenance.yaml", query.Text);
        Assert.Contains("quarantine/support-chat-export-2026-05-22.yaml", query.Text);
        Assert.Contains(project.Path_("data/raw/support-chat-export-2026-05-22.jsonl"), query.Text);
    }

    [Fact]
    public void Two_projects_stamping_into_one_folder_is_PROV705_not_a_silent_overwrite()
    {
        var shared = Path.Combine(feed.Root, "shared-out-" + Guid.NewGuid().ToString("N")) + "/";
        var first = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var second = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var one = first.Build("-p:OutDir=" + shared);
        Assert.True(one.ExitCode == 0, one.ToString());
        var card = File.ReadAllText(Path.Combine(shared, "model-card.md"));

        var two = second.Build("-p:OutDir=" + shared);
        Assert.NotEqual(0, two.ExitCode);
        Assert.Contains("PROV705", two.Codes("error"));
        Assert.Equal(card, File.ReadAllText(Path.Combine(shared, "model-card.md")));

        var again = first.Build("-p:OutDir=" + shared);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public void A_multi_targeted_project_gates_once_and_every_target_framework_stamps_from_that_result()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        // Two target frameworks without a second targeting pack: an alias of net10.0 (the registry here serves no other).
        project.Write("SupportClassifier.csproj", project.Read("SupportClassifier.csproj")
            .Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;second</TargetFrameworks>")
            .Replace("</Project>", """
              <PropertyGroup Condition="'$(TargetFramework)' == 'second'">
                <TargetFrameworkIdentifier>.NETCoreApp</TargetFrameworkIdentifier>
                <TargetFrameworkVersion>v10.0</TargetFrameworkVersion>
                <TargetFrameworkMoniker>.NETCoreApp,Version=v10.0</TargetFrameworkMoniker>
              </PropertyGroup>
            </Project>
            """));
        project.Write("provenance.yaml", project.Read("provenance.yaml") + "reviewd_by: data-governance\n");
        var build = project.Build("-v:n", "-p:ProvenanceVerifyDigests=full");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Single(build.Lines, l => l.Contains("passed the gate for 'training'", StringComparison.Ordinal));
        Assert.Single(build.Lines, l => l.Contains("Provenance: verified 6 files", StringComparison.Ordinal));
        // MSBuild prints a warning where it happens and again in its summary; one warning means one distinct text.
        Assert.Single(build.Lines.Where(l => l.Contains("warning PROV004", StringComparison.Ordinal)).Select(l => System.Text.RegularExpressions.Regex.Replace(l.Trim(), @"^\d+>", string.Empty)).Distinct());
        var hash = "training_manifest=sha256:" + TestProject.Sha256File(project.Path_("provenance.yaml"));
        Assert.Contains(hash, project.Read("bin/Debug/net10.0/model-card.md"));
        Assert.Contains(hash, project.Read("bin/Debug/second/model-card.md"));
    }
}
