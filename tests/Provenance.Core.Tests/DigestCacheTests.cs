using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>The digest cache: what provably did not change is not read again, and every change is caught.</summary>
public sealed class DigestCacheTests
{
    [Fact]
    public void A_second_run_with_nothing_changed_reads_no_bytes()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        var first = RunCached(dataset, cache);
        Assert.True(first.Passed, first.Describe());
        Assert.Equal(3, first.Statistics.Files);
        Assert.Equal(0, first.Statistics.FromCache);
        Assert.True(first.Statistics.BytesRead > 0);

        var second = RunCached(dataset, cache);
        Assert.True(second.Passed, second.Describe());
        Assert.Equal(3, second.Statistics.FromCache);
        Assert.Equal(0, second.Statistics.BytesRead);
    }

    [Fact]
    public void Changed_size_is_read_again_and_caught()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        RunCached(dataset, cache);
        File.AppendAllText(dataset.Directory.Combine("data/train.jsonl"), "more\n");
        Assert.Equal(new[] { "PROV103" }, RunCached(dataset, cache).Codes());
    }

    [Fact]
    public void Changed_modification_time_alone_is_read_again_and_passes()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        RunCached(dataset, cache);
        File.SetLastWriteTimeUtc(dataset.Directory.Combine("data/train.jsonl"), DateTime.UtcNow.AddMinutes(-5));
        var result = RunCached(dataset, cache);
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(2, result.Statistics.FromCache);
        Assert.True(result.Statistics.BytesRead > 0);
    }

    [Fact]
    public void Same_size_and_modification_time_with_changed_content_is_caught_through_the_change_time()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        var path = dataset.Directory.Combine("data/train.jsonl");
        RunCached(dataset, cache);
        var mtime = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x20; // same length
        Thread.Sleep(20);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, mtime); // forge the modification time back; the kernel still moves ctime
        Assert.Equal(new FileInfo(path).Length, bytes.Length);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
        Assert.Equal(new[] { "PROV103" }, RunCached(dataset, cache).Codes());
    }

    [Fact]
    public void A_replaced_file_with_a_new_inode_is_read_again()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        var path = dataset.Directory.Combine("data/train.jsonl");
        RunCached(dataset, cache);
        var before = FileIdentity.Read(path);
        var replacement = dataset.Directory.Combine("data/replacement.tmp");
        var bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x20;
        File.WriteAllBytes(replacement, bytes);
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(path));
        File.Move(replacement, path, overwrite: true);
        var after = FileIdentity.Read(path);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotEqual(before.Inode, after.Inode);
        }

        Assert.Equal(new[] { "PROV103" }, RunCached(dataset, cache).Codes());
    }

    [Fact]
    public void PROV109_a_file_that_changes_while_it_is_hashed_never_passes()
    {
        using var dataset = new TestDataset();
        var path = dataset.Directory.Combine("data/train.jsonl");
        var verifier = new EvidenceVerifier(new DataRootPolicy(new[] { dataset.Directory.Path }), 1, CancellationToken.None)
        {
            AfterHashing = hashed =>
            {
                if (hashed == path)
                {
                    File.AppendAllText(path, "written during hashing\n");
                }
            },
        };
        var manifest = dataset.Run().Manifest!;
        var diagnostics = new Diagnostics.DiagnosticBag();
        var verified = verifier.Verify(manifest.AllEvidence().ToList(), dataset.Directory.Path, diagnostics);
        Assert.Equal("PROV109", Assert.Single(diagnostics.Items).Id);
        Assert.DoesNotContain(verified, f => f.FullPath == path);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("provenance-digest-cache v1\nnot\ta\tvalid\tline\nchecksum 00\n")]
    [InlineData("provenance-digest-cache v0\nchecksum 00\n")]
    public void A_corrupt_or_foreign_cache_is_ignored_and_rebuilt(string content)
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Write("obj/digests.cache", content);
        var result = RunCached(dataset, cache);
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(0, result.Statistics.FromCache);
        Assert.StartsWith("provenance-digest-cache v1\n", File.ReadAllText(cache));
        Assert.Equal(3, RunCached(dataset, cache).Statistics.FromCache);
    }

    [Fact]
    public void A_tampered_cache_entry_fails_its_checksum_and_is_not_trusted()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        var path = dataset.Directory.Combine("data/train.jsonl");
        RunCached(dataset, cache);
        File.WriteAllText(path, "tampered\n");
        var identity = FileIdentity.Read(path);
        var lines = File.ReadAllLines(cache).ToList();
        var index = lines.FindIndex(l => l.EndsWith("\t" + path, StringComparison.Ordinal));
        var parts = lines[index].Split('\t');
        lines[index] = string.Join("\t", parts[0], identity.Length, identity.LastWriteNanoseconds, identity.ChangeNanoseconds, identity.Inode, identity.Device, parts[6], parts[7]);
        File.WriteAllLines(cache, lines);
        Assert.Equal(new[] { "PROV103" }, RunCached(dataset, cache).Codes());
    }

    [Fact]
    public void Full_mode_ignores_a_cache_that_claims_changed_bytes_are_fine()
    {
        using var dataset = new TestDataset();
        var cachePath = dataset.Directory.Combine("obj/digests.cache");
        var path = dataset.Directory.Combine("data/train.jsonl");
        RunCached(dataset, cachePath);
        File.WriteAllText(path, "tampered\n");
        // A cache that (wrongly) says the changed file verified: only the full mode must not believe it.
        var cache = DigestCache.Load(cachePath);
        cache.Record(path, FileIdentity.Read(path), dataset.TrainSha);
        cache.Save();
        Assert.True(RunCached(dataset, cachePath).Passed, "the cached mode trusts a valid cache entry");
        var full = dataset.Run(o =>
        {
            o.DigestCachePath = cachePath;
            o.VerifyDigests = DigestVerification.Full;
        });
        Assert.Equal(new[] { "PROV103" }, full.Codes());
        Assert.Equal(0, full.Statistics.FromCache);
    }

    [Fact]
    public void Cancellation_stops_verification_and_keeps_what_already_verified()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => dataset.Run(o =>
        {
            o.DigestCachePath = cache;
            o.VerifyDigests = DigestVerification.Cached;
            o.CacheSettleTime = TimeSpan.Zero;
            o.CancellationToken = cancellation.Token;
        }));
        var after = RunCached(dataset, cache);
        Assert.True(after.Passed, after.Describe());
    }

    [Fact]
    public void Verification_longer_than_two_seconds_reports_progress_and_a_cancellation_stops_it_within_a_second()
    {
        using var dataset = new TestDataset();
        var manifest = dataset.Run().Manifest!;
        var lines = new List<string>();
        using var cancellation = new CancellationTokenSource();
        var verifier = new EvidenceVerifier(new DataRootPolicy(new[] { dataset.Directory.Path }), 1, cancellation.Token, progress: lines.Add)
        {
            // One slow file: the hashing thread waits until the test cancels, as a user's Ctrl+C would.
            BeforeHashing = _ => cancellation.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)),
        };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        cancellation.CancelAfter(TimeSpan.FromSeconds(2.6));
        Assert.ThrowsAny<OperationCanceledException>(() => verifier.Verify(manifest.AllEvidence().ToList(), dataset.Directory.Path, new Diagnostics.DiagnosticBag()));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3.6), $"cancellation took {stopwatch.Elapsed - TimeSpan.FromSeconds(2.6)}");
        var line = Assert.Single(lines);
        Assert.Matches(@"^Provenance: verifying digests: 0 of 3 files, 0 bytes of [\d.]+ \w+, [\d.]+ GB/s$", line);
    }

    [Fact]
    public void Progress_is_silent_for_short_runs()
    {
        using var dataset = new TestDataset();
        var lines = new List<string>();
        dataset.Run(o => o.Progress = lines.Add);
        Assert.Empty(lines);
    }

    [Fact]
    public void A_file_that_changed_within_the_settle_time_is_read_again_on_every_cached_run()
    {
        using var dataset = new TestDataset();
        var cache = dataset.Directory.Combine("obj/digests.cache");
        void Cached(GateOptions o)
        {
            o.DigestCachePath = cache;
            o.VerifyDigests = DigestVerification.Cached;
            o.CacheSettleTime = TimeSpan.FromHours(1);
        }

        Assert.True(dataset.Run(Cached).Passed);
        var second = dataset.Run(Cached);
        Assert.True(second.Passed, second.Describe());
        Assert.Equal(0L, second.Statistics.FromCache);
        Assert.Equal(3L, second.Statistics.Files);
    }

    // The cache's own mechanics: every file counts as settled (the settle time is tested above and in FailClosedTests).
    private static GateResult RunCached(TestDataset dataset, string cache) => dataset.Run(o =>
    {
        o.DigestCachePath = cache;
        o.VerifyDigests = DigestVerification.Cached;
        o.CacheSettleTime = TimeSpan.Zero;
    });
}
