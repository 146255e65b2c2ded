using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

[Collection(PackageFeedCollection.Name)]
public sealed class SdkTests
{
    private readonly PackageFeed feed;

    public SdkTests(PackageFeed feed) => this.feed = feed;

    [Fact]
    public void Gates_then_trains_then_stamps_the_model_artifact_and_a_no_op_build_does_not_retrain()
    {
        var project = WriteTrainingProject(trainCommand: TrainCommand());
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        PackageReferenceTests.AssertNoCrash(build);
        Assert.Equal(1, TrainingRuns(project));
        var gateLine = build.Lines.ToList().FindIndex(l => l.Contains("Provenance: gate passed for training; training:"));
        var trainLine = build.Lines.ToList().FindIndex(l => l.Trim() == "TRAINING-RAN");
        Assert.True(gateLine >= 0 && trainLine > gateLine, build.ToString());

        var modelSha = TestProject.Sha256File(project.Path_("out/model.bin"));
        using var record = JsonDocument.Parse(File.ReadAllText(project.Path_("out/provenance.intoto.json")));
        var subject = Assert.Single(record.RootElement.GetProperty("subject").EnumerateArray());
        Assert.Equal("out/model.bin", subject.GetProperty("name").GetString());
        Assert.Equal(modelSha, subject.GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal(TestProject.Sha256File(project.Path_("train-config.json")), record.RootElement.GetProperty("predicate").GetProperty("trainingConfiguration").GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Contains(modelSha, project.Read("out/model-card.md"));

        var second = project.Build();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, TrainingRuns(project));
        Assert.DoesNotContain(second.Lines, l => l.Trim() == "TRAINING-RAN");

        project.Write("train-config.json", "{\"alpha\": 0.5}\n");
        var changed = project.Build();
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal(2, TrainingRuns(project));

        var clean = project.Run("clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(project.Path_("out/model.bin")));
        Assert.False(File.Exists(project.Path_("out/model-card.md")));
        Assert.False(File.Exists(project.Path_("out/provenance.intoto.json")));
    }

    [Fact]
    public void A_bad_manifest_fails_before_the_training_command_runs()
    {
        var project = WriteTrainingProject(trainCommand: TrainCommand(), rightsBasis: "internal");
        var build = project.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(new[] { "PROV204" }, build.Codes("error"));
        Assert.Equal(0, TrainingRuns(project));
        Assert.False(File.Exists(project.Path_("out/model.bin")));
        Assert.False(File.Exists(project.Path_("out/model-card.md")));
    }

    [Fact]
    public void A_failing_training_command_fails_the_build_and_stamps_nothing()
    {
        var project = WriteTrainingProject(trainCommand: "echo TRAINING-RAN >> train-runs.txt &amp;&amp; echo diverged 1&gt;&amp;2 &amp;&amp; exit 3");
        var build = project.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(1, TrainingRuns(project));
        Assert.Contains("exited with code 3", build.Text);
        Assert.False(File.Exists(project.Path_("out/model-card.md")));
    }

    [Fact]
    public void A_training_command_that_writes_no_artifact_is_PROV703()
    {
        var project = WriteTrainingProject(trainCommand: "echo TRAINING-RAN >> train-runs.txt");
        var build = project.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(new[] { "PROV703" }, build.Codes("error"));
    }

    [Fact]
    public void Without_a_training_command_the_project_only_gates_and_stamps_and_rebuild_works()
    {
        var project = WriteTrainingProject(trainCommand: null);
        var build = project.Build("-t:Rebuild");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("training_manifest=sha256:" + TestProject.Sha256File(project.Path_("provenance.yaml")), project.Read("bin/Debug/model-card.md"));
        using var record = JsonDocument.Parse(project.Read("bin/Debug/provenance.intoto.json"));
        Assert.Equal("bin/Debug/model-card.md", record.RootElement.GetProperty("subject")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void The_sdk_version_can_be_pinned_in_global_json()
    {
        var project = WriteTrainingProject(trainCommand: TrainCommand(), sdkReference: "Provenance.Build.Sdk");
        project.Write("global.json", $$"""{ "msbuild-sdks": { "Provenance.Build.Sdk": "{{PackageFeed.Version}}" } }""");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(1, TrainingRuns(project));
    }

    [Fact]
    public void The_python_training_sample_gates_trains_and_stamps()
    {
        var project = new TestProject(feed, "training").CopySample("python-training");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("trained on 21 examples", build.Text);
        var modelSha = TestProject.Sha256File(project.Path_("out/model.json"));
        Assert.Contains(modelSha, project.Read("out/provenance.intoto.json"));
        Assert.Contains("model support-classifier-v8 trained on manifest", project.Read("out/model-card.md"));
    }

    private static string TrainCommand() =>
        "echo TRAINING-RAN &amp;&amp; echo run >> train-runs.txt &amp;&amp; mkdir -p out &amp;&amp; cat train-config.json data/train.jsonl > out/model.bin";

    private static int TrainingRuns(TestProject project)
    {
        var path = project.Path_("train-runs.txt");
        return File.Exists(path) ? File.ReadAllLines(path).Count(l => l.Length > 0) : 0;
    }

    private TestProject WriteTrainingProject(string? trainCommand, string rightsBasis = "internal-use-policy-2026-04", string? sdkReference = null) =>
        TrainingRepo.Write(new TestProject(feed, "training"), trainCommand, trainCommand is null ? Array.Empty<string>() : new[] { "out/model.bin" }, rightsBasis, sdkReference);
}
