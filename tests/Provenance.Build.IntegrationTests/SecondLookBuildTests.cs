namespace Provenance.Build.IntegrationTests;

/// <summary>Issue 15 through real builds.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class SecondLookBuildTests
{
    private const string Record = "quarantine/support-chat-export-2026-05-22.yaml";
    private readonly PackageFeed feed;

    public SecondLookBuildTests(PackageFeed feed) => this.feed = feed;

    [Fact]
    public void A_lifted_record_whose_exit_evidence_is_bare_paths_builds_and_the_card_carries_their_digests()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var record = project.Read(Record);
        var bare = System.Text.RegularExpressions.Regex.Replace(record, @"    - path: (\S+)\n      sha256: \S+\n", "    - $1\n");
        Assert.NotEqual(record, bare);
        project.Write(Record, bare);
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var card = File.ReadAllText(Path.Combine(project.OutputDirectory, "model-card.md"));
        Assert.Contains(TestProject.Sha256File(project.Path_("evidence/opt-out-removal-log-2026-05-28.txt")), card);
        Assert.Contains(TestProject.Sha256File(project.Path_("evidence/review-decision-2026-05-29.md")), card);

        File.Delete(project.Path_("evidence/review-decision-2026-05-29.md"));
        var missing = project.Build();
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"{Record}(", missing.Text.Replace('\\', '/'));
        Assert.Contains("error PROV104", missing.Text);
        Assert.Contains("'../evidence/review-decision-2026-05-29.md'", missing.Text);
    }
}
