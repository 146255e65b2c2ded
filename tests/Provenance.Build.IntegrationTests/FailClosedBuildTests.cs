namespace Provenance.Build.IntegrationTests;

/// <summary>
/// Issue 16 through real builds: stamps never say "passed" for a gate that failed or did not run in this build, the
/// public target gates when it is the only target, CI services are recognised, and hostile links are coded errors.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class FailClosedBuildTests
{
    private const string Data = "data/support-classifier-training.jsonl";
    private readonly PackageFeed feed;

    public FailClosedBuildTests(PackageFeed feed) => this.feed = feed;

    private string Card(TestProject project) => Path.Combine(project.OutputDirectory, "model-card.md");

    private string Record(TestProject project) => Path.Combine(project.OutputDirectory, "provenance.intoto.json");

    private TestProject PassingSample()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Card(project)));
        return project;
    }

    [Fact]
    public void A_warning_turned_into_an_error_by_warnaserror_fails_the_gate_and_leaves_no_passed_stamp_or_state()
    {
        var project = PassingSample();
        project.Write("provenance.yaml", project.Read("provenance.yaml") + "reviewd_by: data-governance\n");
        var failed = project.Build("-warnaserror");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("error PROV004", failed.Text);
        Assert.False(File.Exists(Card(project)), "a passed card is left from the earlier build");
        Assert.False(File.Exists(Record(project)));
        Assert.False(File.Exists(project.Path_("obj/Debug/net10.0/provenance/gate.state")), "the failed gate left state to replay");

        var warned = project.Build();
        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.Contains("warning PROV004", warned.Text);
        Assert.True(File.Exists(Card(project)));
    }

    [Theory]
    [InlineData("-p:ProvenanceMode= off")]
    [InlineData("-p:ProvenanceMode=OFF ")]
    public void Off_with_stray_white_space_or_case_is_off_and_leaves_no_card_behind(string argument)
    {
        var project = PassingSample();
        File.AppendAllText(project.Path_(Data), "{\"text\":\"tampered\"}\n");
        var off = project.Build(argument);
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Contains("Provenance: the gate is off", off.Text);
        Assert.False(File.Exists(Card(project)), "a passed card stayed beside data nobody checked");
        Assert.False(File.Exists(Record(project)));
    }

    [Fact]
    public void Off_set_in_Directory_Build_targets_after_the_package_targets_still_means_off()
    {
        var project = PassingSample();
        File.AppendAllText(project.Path_(Data), "{\"text\":\"tampered\"}\n");
        project.Write("Directory.Build.targets", "<Project><PropertyGroup><ProvenanceMode>off</ProvenanceMode></PropertyGroup></Project>");
        var off = project.Build();
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.DoesNotContain("PROV103", off.Text);
        Assert.False(File.Exists(Card(project)), "a passed card stayed beside tampered data");
    }

    [Theory]
    [InlineData("build")]
    [InlineData("msbuild")]
    public void Running_only_the_public_ProvenanceVerify_target_gates(string verb)
    {
        var project = new TestProject(feed, "SupportClassifierIncident").CopySample("support-classifier-v7-incident");
        if (verb == "msbuild")
        {
            Assert.Equal(0, project.Run("restore").ExitCode);
        }

        var run = project.Run(verb, "-t:ProvenanceVerify");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("PROV204", run.Codes("error"));
    }

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    [InlineData("GITLAB_CI", "true")]
    [InlineData("JENKINS_URL", "http://jenkins.invalid/")]
    [InlineData("BUILDKITE", "true")]
    public void A_CI_service_is_recognised_and_reads_every_byte(string variable, string value)
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var environment = new Dictionary<string, string?> { ["CI"] = null, ["ContinuousIntegrationBuild"] = null, [variable] = value };
        var build = project.Run("build", environment, "-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("(full mode)", build.Text);
    }

    [Fact]
    public void Links_out_of_the_data_root_and_a_link_chain_that_overflowed_the_stack_are_coded_errors_in_the_build()
    {
        var outside = Path.Combine(feed.Root, "outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(outside, "d"));
        File.WriteAllText(Path.Combine(outside, "x.jsonl"), "bytes outside the repository\n");
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        File.Delete(project.Path_(Data));
        File.CreateSymbolicLink(project.Path_("data/dirlink"), Path.Combine(outside, "d"));
        File.CreateSymbolicLink(project.Path_(Data), "dirlink/../x.jsonl");
        var escape = project.Build();
        Assert.NotEqual(0, escape.ExitCode);
        Assert.Contains("PROV105", escape.Codes("error"));
        Assert.DoesNotContain("MSB4018", escape.Text);

        File.Delete(project.Path_(Data));
        Directory.CreateDirectory(project.Path_("other/d"));
        File.CreateSymbolicLink(project.Path_("data/L2"), "../other/d");
        File.CreateSymbolicLink(project.Path_(Data), "L2/../support-classifier-training.jsonl/x");
        var chain = project.Build();
        Assert.Equal(1, chain.ExitCode);
        Assert.Contains(chain.Codes("error"), c => c is "PROV104" or "PROV105");
        Assert.DoesNotContain("Stack overflow", chain.Text);
    }
}
