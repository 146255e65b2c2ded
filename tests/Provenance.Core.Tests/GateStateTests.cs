using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>Replaying a passing gate: only when nothing the result depends on changed, and never in full mode.</summary>
public sealed class GateStateTests
{
    [Fact]
    public void A_second_cached_run_with_nothing_changed_replays_the_result_with_its_warnings()
    {
        using var dataset = new TestDataset();
        dataset.Set("extra", "Sha256: unknown-field");
        var first = Run(dataset);
        Assert.False(first.Replayed);
        Assert.True(first.Passed, first.Describe());
        var second = Run(dataset);
        Assert.True(second.Replayed);
        Assert.Equal(first.ManifestHash, second.ManifestHash);
        Assert.Equal("accepted_with_limits", second.ReviewerStatus);
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(first.VerifiedFiles.Select(f => f.FullPath + f.Sha256), second.VerifiedFiles.Select(f => f.FullPath + f.Sha256));
        Assert.Equal(0, second.Statistics.BytesRead);
    }

    [Fact]
    public void Changed_data_bytes_are_never_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        File.WriteAllText(dataset.Directory.Combine("data/raw/opt-out-list.csv"), "customer\nC3\n");
        var result = Run(dataset);
        Assert.False(result.Replayed);
        Assert.Equal(new[] { "PROV103" }, result.Codes());
    }

    [Fact]
    public void A_changed_exclusion_report_named_by_path_only_is_not_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        File.Delete(dataset.Directory.Combine("removed-records-8841.json"));
        var result = Run(dataset);
        Assert.False(result.Replayed);
        Assert.Equal(new[] { "PROV104" }, result.Codes());
    }

    [Fact]
    public void A_changed_manifest_is_not_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        dataset.Set("rights_basis", "rights_basis: internal");
        var result = Run(dataset);
        Assert.False(result.Replayed);
        Assert.Equal(new[] { "PROV204" }, result.Codes());
    }

    [Fact]
    public void A_new_or_changed_quarantine_record_is_not_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        var unrelated = "quarantine:\n  source_record: forum-scrape@2025-01-01\n  trigger: t\n  blocked_use: training\n  exit_condition: e\n";
        dataset.Directory.Write("quarantine/record.yaml", unrelated);
        var added = Run(dataset);
        Assert.False(added.Replayed);
        Assert.Equal(new[] { "PROV505" }, added.Codes());
        Assert.True(Run(dataset).Replayed);

        dataset.Directory.Write("quarantine/record.yaml", unrelated.Replace("forum-scrape@2025-01-01", "support-chat-export@2026-05-22"));
        var changed = Run(dataset);
        Assert.False(changed.Replayed);
        Assert.Contains("PROV501", changed.Codes());
    }

    [Fact]
    public void Another_use_mode_suppression_or_day_is_not_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        Assert.False(Run(dataset, o => o.Use = "evaluation").Replayed);
        Run(dataset);
        Assert.False(Run(dataset, o => o.Mode = GateMode.Audit).Replayed);
        Run(dataset);
        Assert.False(Run(dataset, o => o.Today = o.Today.AddDays(1)).Replayed);
        Run(dataset);
        Assert.False(Run(dataset, o => o.Suppressions = new[] { new Suppression("PROV204", "x", null) }).Replayed);
    }

    [Fact]
    public void Full_mode_never_replays()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        var full = Run(dataset, o => o.VerifyDigests = DigestVerification.Full);
        Assert.False(full.Replayed);
        Assert.True(full.Statistics.BytesRead > 0);
    }

    [Fact]
    public void An_edited_summary_or_a_corrupt_state_is_not_replayed()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        File.AppendAllText(dataset.Directory.Combine("obj/gate.json"), " ");
        Assert.False(Run(dataset).Replayed);
        Assert.True(Run(dataset).Replayed);
        var state = dataset.Directory.Combine("obj/gate.state");
        File.WriteAllText(state, File.ReadAllText(state).Replace("accepted_with_limits", "accepted"));
        var result = Run(dataset);
        Assert.False(result.Replayed);
        Assert.Equal("accepted_with_limits", result.ReviewerStatus);
    }

    [Fact]
    public void A_failing_run_leaves_no_state_behind()
    {
        using var dataset = new TestDataset();
        Run(dataset);
        Assert.True(File.Exists(dataset.Directory.Combine("obj/gate.state")));
        dataset.Remove("reviewer_status");
        Assert.False(Run(dataset).Passed);
        Assert.False(File.Exists(dataset.Directory.Combine("obj/gate.state")));
    }

    [Fact]
    public void A_file_reached_through_a_link_inside_the_root_replays_until_the_link_moves()
    {
        using var dataset = new TestDataset();
        var train = dataset.Directory.Combine("data/train.jsonl");
        File.Move(train, dataset.Directory.Combine("data/train-real.jsonl"));
        File.CreateSymbolicLink(train, "train-real.jsonl");
        dataset.WriteData("data/other.jsonl", "{\"label\":\"other\"}\n");
        Assert.True(Run(dataset).Passed);
        var replayed = Run(dataset);
        Assert.True(replayed.Replayed);
        Assert.Contains(replayed.VerifiedFiles, f => f.FullPath == train && f.Sha256 == dataset.TrainSha);

        File.Delete(train);
        File.CreateSymbolicLink(train, "other.jsonl");
        var moved = Run(dataset);
        Assert.False(moved.Replayed);
        Assert.Equal(new[] { "PROV103" }, moved.Codes());
    }

    [Fact]
    public void A_replay_lists_the_files_of_the_run_it_replays()
    {
        using var dataset = new TestDataset();
        var first = Run(dataset);
        var second = Run(dataset);
        Assert.True(second.Replayed);
        // Counting is free: a no-op build of 100,000 files must not build two lists of 100,000 to print a number.
        Assert.Equal(first.VerifiedFiles.Count, second.VerifiedFiles.Count);
        Assert.Equal(first.ObservedFiles.Count, second.ObservedFiles.Count);
        Assert.False(((LazyList<VerifiedFile>)second.VerifiedFiles).IsBuilt);
        Assert.False(((LazyList<string>)second.ObservedFiles).IsBuilt);
        Assert.Equal(first.ObservedFiles, second.ObservedFiles);
        Assert.Equal(first.VerifiedFiles.Select(f => (f.Role, f.ManifestPath, f.FullPath, f.Sha256, f.Length)), second.VerifiedFiles.Select(f => (f.Role, f.ManifestPath, f.FullPath, f.Sha256, f.Length)));
    }

    private static GateResult Run(TestDataset dataset, Action<GateOptions>? configure = null) => dataset.Run(o =>
    {
        o.VerifyDigests = DigestVerification.Cached;
        o.DigestCachePath = dataset.Directory.Combine("obj/digests.cache");
        o.SummaryPath = dataset.Directory.Combine("obj/gate.json");
        o.StatePath = dataset.Directory.Combine("obj/gate.state");
        o.CacheSettleTime = TimeSpan.Zero;
        configure?.Invoke(o);
    });
}
