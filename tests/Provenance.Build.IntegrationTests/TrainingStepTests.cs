using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

/// <summary>Issue 17, the hand-off from gate to training to stamps in Provenance.Build.Sdk, through real builds.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class TrainingStepTests
{
    private const string WriteModel = "echo run >> train-runs.txt &amp;&amp; mkdir -p out &amp;&amp; cat train-config.json data/train.jsonl > out/model.bin";
    private readonly PackageFeed feed;

    public TrainingStepTests(PackageFeed feed) => this.feed = feed;

    [Fact]
    public void A_project_without_a_declared_artifact_trains_once_with_a_warning_and_again_when_an_input_changes()
    {
        var project = Training(WriteModel, artifacts: Array.Empty<string>());
        var first = project.Build();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(1, Runs(project));
        Assert.Contains("PROV704", first.Codes("warning"));

        Assert.True(project.Build().ExitCode == 0);
        Assert.Equal(1, Runs(project));

        project.Write("train-config.json", "{\"alpha\": 2.0}\n");
        Assert.True(project.Build().ExitCode == 0);
        Assert.Equal(2, Runs(project));
    }

    [Fact]
    public void A_declared_artifact_the_command_no_longer_writes_is_PROV703_and_the_old_model_is_never_stamped()
    {
        var project = Training(WriteModel);
        Assert.True(project.Build().ExitCode == 0);
        project.Write("training.proj", project.Read("training.proj").Replace("out/model.bin</ProvenanceTrainCommand>", "out/model-v1.bin</ProvenanceTrainCommand>"));
        var stale = project.Build();
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("PROV703", stale.Codes("error"));
        Assert.False(File.Exists(project.Path_("out/model.bin")), "the stale model survived");
        Assert.False(File.Exists(project.Path_("out/model-card.md")));

        project.Write("training.proj", project.Read("training.proj").Replace("cat train-config.json data/train.jsonl > out/model-v1.bin", "true"));
        var wroteNothing = project.Build();
        Assert.Contains("PROV703", wroteNothing.Codes("error"));
    }

    [Fact]
    public void Another_use_gates_and_stamps_without_training_and_PROV501_for_training_does_not_suggest_training_under_another_name()
    {
        var project = Training(WriteModel);
        Assert.True(project.Build().ExitCode == 0);
        Assert.Equal(1, Runs(project));
        project.Write("quarantine/qr.yaml", "quarantine:\n  source_record: support-chat-export@2026-05-22\n  trigger: opt-out record found in model-review sample\n  blocked_use: [training]\n  allowed_use: [evaluation]\n  exit_condition: opt-out-removal evidence attached\n");
        project.Write("provenance.yaml", project.Read("provenance.yaml").Replace("reviewer_status: accepted", "reviewer_status: quarantined"));
        var training = project.Build();
        Assert.Contains("PROV501", training.Codes("error"));
        Assert.Equal(1, Runs(project));
        Assert.Contains("does not train", training.Text);

        var evaluation = project.Build("-p:ProvenanceUse=evaluation");
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        Assert.Equal(1, Runs(project));
        Assert.Contains("the training command runs only for 'training'", evaluation.Text);
        Assert.Contains("use evaluation", File.ReadAllText(project.Path_("out/model-card.md")));
    }

    [Fact]
    public void Off_trains_says_the_gate_is_off_and_writes_no_card_or_record()
    {
        var project = Training(WriteModel);
        var off = project.Build("-p:ProvenanceMode=off");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Equal(1, Runs(project));
        Assert.DoesNotContain("gate passed", off.Text);
        Assert.Contains("the gate is off", off.Text);
        Assert.False(File.Exists(project.Path_("out/model-card.md")));
        Assert.False(File.Exists(project.Path_("out/provenance.intoto.json")));
    }

    [Fact]
    public void In_audit_mode_changed_data_retrains_because_the_training_inputs_are_the_bytes_on_disk()
    {
        var project = Training(WriteModel);
        Assert.True(project.Build("-p:ProvenanceMode=audit").ExitCode == 0);
        Assert.Equal(1, Runs(project));
        File.AppendAllText(project.Path_("data/train.jsonl"), "{\"label\":\"refund\"}\n");
        var changed = project.Build("-p:ProvenanceMode=audit");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("PROV103", changed.Codes("warning"));
        Assert.Equal(2, Runs(project));
        Assert.Contains("refund", File.ReadAllText(project.Path_("out/model.bin")));
    }

    [Fact]
    public void The_training_command_gets_the_manifest_hash_path_use_and_verified_files_in_its_environment()
    {
        var project = Training(WriteModel + " &amp;&amp; printf '%s\\n%s\\n%s\\n' \"$PROVENANCE_TRAINING_MANIFEST\" \"$PROVENANCE_MANIFEST\" \"$PROVENANCE_USE\" > out/env.txt &amp;&amp; cat \"$PROVENANCE_VERIFIED_FILES\" >> out/env.txt");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var lines = File.ReadAllLines(project.Path_("out/env.txt"));
        Assert.Equal("sha256:" + TestProject.Sha256File(project.Path_("provenance.yaml")), lines[0]);
        Assert.Equal(project.Path_("provenance.yaml"), lines[1]);
        Assert.Equal("training", lines[2]);
        Assert.Contains(project.Path_("data/train.jsonl"), lines.Skip(3));
    }

    [Fact]
    public void The_card_and_record_of_an_SDK_project_are_written_beside_the_first_model_artifact()
    {
        var project = Training(WriteModel);
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(project.Path_("out/model-card.md")));
        using var record = JsonDocument.Parse(File.ReadAllText(project.Path_("out/provenance.intoto.json")));
        Assert.Equal("out/model.bin", record.RootElement.GetProperty("subject")[0].GetProperty("name").GetString());
        Assert.False(File.Exists(project.Path_("bin/Debug/model-card.md")));
    }

    [Fact]
    public void A_training_project_can_join_a_solution_that_is_packed()
    {
        var project = Training(WriteModel);
        project.Write("lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><ProjectReference Include="../training.proj" ReferenceOutputAssembly="false" PrivateAssets="all" /></ItemGroup>
            </Project>
            """);
        project.Write("lib/Lib.cs", "namespace Lib; public static class Model { }\n");
        Assert.Equal(0, DotNet.Run(project.Directory, feed.Environment, "new", "sln", "-n", "All", "--format", "sln").ExitCode);
        var add = DotNet.Run(project.Directory, feed.Environment, "sln", "All.sln", "add", "training.proj", "lib/Lib.csproj");
        Assert.True(add.ExitCode == 0, add.ToString());
        var pack = DotNet.Run(project.Directory, feed.Environment, "pack", "All.sln", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.DoesNotContain("NU5017", pack.Text);
        using var package = System.IO.Compression.ZipFile.OpenRead(project.Path_("lib/bin/Release/Lib.1.0.0.nupkg"));
        using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.DoesNotContain("\"training\"", nuspec.ReadToEnd());
    }

    private static int Runs(TestProject project)
    {
        var path = project.Path_("train-runs.txt");
        return File.Exists(path) ? File.ReadAllLines(path).Count(l => l.Length > 0) : 0;
    }

    private TestProject Training(string command, string[]? artifacts = null) =>
        TrainingRepo.Write(new TestProject(feed, "training"), command, artifacts ?? new[] { "out/model.bin" });
}
