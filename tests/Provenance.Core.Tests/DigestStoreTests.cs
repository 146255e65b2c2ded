using Provenance.DigestStore;
using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>
/// The shared digest store: projects and processes read each large file once, cached mode shares what it would trust of
/// its own cache, full mode shares only reads of this build, concurrent gates read a file once, and a bad store is ignored.
/// </summary>
public sealed class DigestStoreTests : IDisposable
{
    private const int FileBytes = 3 << 19; // 1.5 MiB: above the store's minimum

    private readonly TestDataset dataset = new();
    private readonly TempDirectory store = new();

    public DigestStoreTests()
    {
        var random = new Random(7);
        var first = new byte[FileBytes];
        var second = new byte[FileBytes];
        random.NextBytes(first);
        random.NextBytes(second);
        dataset.Directory.WriteBytes("data/part-0.bin", first);
        dataset.Directory.WriteBytes("data/part-1.bin", second);
        dataset.Set("files", $"files:\n  - path: data/part-0.bin\n    sha256: {FileDigest.ComputeSha256(first)}\n  - path: data/part-1.bin\n    sha256: {FileDigest.ComputeSha256(second)}");
    }

    private long LargeBytes => 2L * FileBytes;

    [Fact]
    public void Cached_mode_reuses_another_projects_read_of_the_same_files()
    {
        var first = Run(DigestVerification.Cached, "project-a");
        Assert.True(first.Passed, first.Describe());
        Assert.True(first.Statistics.BytesRead >= LargeBytes);
        Assert.Equal(0, first.Statistics.Shared);

        var second = Run(DigestVerification.Cached, "project-b");
        Assert.True(second.Passed, second.Describe());
        Assert.Equal(2, second.Statistics.Shared);
        Assert.Equal(LargeBytes, second.Statistics.SharedBytes);
        Assert.True(second.Statistics.BytesRead < LargeBytes, $"read {second.Statistics.BytesRead} bytes again");
    }

    [Fact]
    public void Full_mode_reuses_a_read_of_this_build()
    {
        var buildStarted = DateTime.UtcNow.AddSeconds(-1);
        Run(DigestVerification.Full, "project-a", buildStarted);
        var second = Run(DigestVerification.Full, "project-b", buildStarted);
        Assert.True(second.Passed, second.Describe());
        Assert.Equal(2, second.Statistics.Shared);
    }

    [Fact]
    public void Full_mode_never_trusts_a_read_of_an_earlier_build()
    {
        Run(DigestVerification.Full, "project-a", DateTime.UtcNow.AddSeconds(-1));
        var laterBuild = Run(DigestVerification.Full, "project-b", DateTime.UtcNow);
        Assert.True(laterBuild.Passed, laterBuild.Describe());
        Assert.Equal(0, laterBuild.Statistics.Shared);
        Assert.True(laterBuild.Statistics.BytesRead >= LargeBytes);
    }

    [Fact]
    public void A_verifier_told_no_build_start_trusts_no_read_from_before_it_was_made()
    {
        Run(DigestVerification.Full, "project-a", DateTime.UtcNow.AddSeconds(-1));
        Thread.Sleep(20);
        var manifest = dataset.Run().Manifest!;
        using var policy = new DataRootPolicy(new[] { dataset.Directory.Path });
        var later = new EvidenceVerifier(policy, 1, CancellationToken.None, mode: DigestVerification.Full) { Store = SharedDigestStore.Open(store.Path) };
        later.Verify(manifest.Files, dataset.Directory.Path, new Diagnostics.DiagnosticBag());
        Assert.Equal(0, later.Statistics.Shared);
        Assert.True(later.Statistics.BytesRead >= LargeBytes);
    }

    [Fact]
    public void Full_mode_never_trusts_an_entry_dated_in_the_future()
    {
        Run(DigestVerification.Full, "project-a", DateTime.UtcNow.AddSeconds(-1));
        foreach (var entryPath in EntryFiles())
        {
            var entry = StoreEntry.Parse(File.ReadAllText(entryPath))!;
            File.WriteAllText(entryPath, new StoreEntry(entry.Identity, entry.Sha256, DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(1)).Format());
        }

        var next = Run(DigestVerification.Full, "project-b", DateTime.UtcNow);
        Assert.Equal(0, next.Statistics.Shared);
        Assert.True(next.Statistics.BytesRead >= LargeBytes);
    }

    [Fact]
    public async Task Two_gates_that_need_a_file_at_the_same_moment_read_it_once()
    {
        var manifest = dataset.Run().Manifest!;
        var evidence = manifest.Files.Where(f => f.Path!.Value == "data/part-0.bin").ToList();
        using var reading = new ManualResetEventSlim();
        using var secondWaits = new ManualResetEventSlim();
        using var policyA = new DataRootPolicy(new[] { dataset.Directory.Path });
        using var policyB = new DataRootPolicy(new[] { dataset.Directory.Path });
        var started = DateTime.UtcNow;
        var a = new EvidenceVerifier(policyA, 1, CancellationToken.None, mode: DigestVerification.Full)
        {
            Store = SharedDigestStore.Open(store.Path),
            BuildStartedUtc = started,
            // The first gate holds the file's lock while it reads, until the second has found it held and waits.
            BeforeHashing = _ =>
            {
                reading.Set();
                Assert.True(secondWaits.Wait(TimeSpan.FromSeconds(30)), "the second gate never waited for the lock");
            },
        };
        var storeB = SharedDigestStore.Open(store.Path)!;
        storeB.Waiting = secondWaits.Set;
        var b = new EvidenceVerifier(policyB, 1, CancellationToken.None, mode: DigestVerification.Full)
        {
            Store = storeB,
            BuildStartedUtc = started,
        };

        var first = Task.Run(() => a.Verify(evidence, dataset.Directory.Path, new Diagnostics.DiagnosticBag()));
        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)));
        var bDiagnostics = new Diagnostics.DiagnosticBag();
        var fromB = b.Verify(evidence, dataset.Directory.Path, bDiagnostics);
        var fromA = await first;

        Assert.Empty(bDiagnostics.Items);
        Assert.Equal(fromA.Single().Sha256, fromB.Single().Sha256);
        Assert.Equal(FileBytes, a.Statistics.BytesRead);
        Assert.Equal(0, b.Statistics.BytesRead);
        Assert.True(b.Statistics.Waited == 1, $"shared {b.Statistics.Shared} waited {b.Statistics.Waited} read {b.Statistics.BytesRead} files {b.Statistics.Files}");
    }

    [Fact]
    public void The_lock_excludes_another_process_and_is_taken_when_that_process_lets_go()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // flock(1), a real client of the same system lock, holds the lock in another process for a while.
        var path = Path.Combine(store.Path, "held.lock");
        File.WriteAllText(path, string.Empty);
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", new[] { "-x", path, "-c", "echo held; sleep 1" }) { RedirectStandardOutput = true })!;
        Assert.Equal("held", holder.StandardOutput.ReadLine());
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using (FileLock.Take(path, CancellationToken.None, out var waited))
        {
            Assert.True(waited);
            Assert.True(stopwatch.Elapsed > TimeSpan.FromMilliseconds(500), $"took the lock after {stopwatch.Elapsed} while another process held it");
            holder.WaitForExit();
        }

        using (FileLock.Take(path, CancellationToken.None, out var waitedAgain))
        {
            Assert.False(waitedAgain);
        }
    }

    [Fact]
    public void A_corrupt_entry_is_ignored_and_rebuilt()
    {
        Run(DigestVerification.Cached, "project-a");
        var entries = EntryFiles();
        Assert.Equal(2, entries.Count);
        File.WriteAllText(entries[0], "provenance-digest-store v1\nsha256 0000\n");
        File.WriteAllBytes(entries[1], File.ReadAllBytes(entries[1]).Take(40).ToArray());

        var next = Run(DigestVerification.Cached, "project-b");
        Assert.True(next.Passed, next.Describe());
        Assert.Equal(0, next.Statistics.Shared);
        Assert.True(next.Statistics.BytesRead >= LargeBytes);
        Assert.All(EntryFiles(), e => Assert.NotNull(StoreEntry.Parse(File.ReadAllText(e))));
    }

    [Fact]
    public void An_entry_whose_bytes_were_edited_fails_its_checksum()
    {
        Run(DigestVerification.Cached, "project-a");
        var path = EntryFiles()[0];
        var text = File.ReadAllText(path);
        var digest = StoreEntry.Parse(text)!.Sha256;
        File.WriteAllText(path, text.Replace(digest, new string('0', 64)));
        Assert.Null(StoreEntry.Parse(File.ReadAllText(path)));
    }

    [Fact]
    public void A_store_other_users_may_write_to_is_not_used()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
        Assert.Null(SharedDigestStore.Open(store.Path));
        var result = Run(DigestVerification.Cached, "project-a");
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(EntryFiles());
    }

    [Fact]
    public void Small_files_are_not_recorded()
    {
        Run(DigestVerification.Cached, "project-a");
        Assert.Equal(2, EntryFiles().Count); // the two 1.5 MiB files; the dataset's small files are cheaper to read again
    }

    [Fact]
    public void With_no_minimum_every_file_is_shared()
    {
        var first = Run(DigestVerification.Cached, "project-a", minimumBytes: 0);
        var second = Run(DigestVerification.Cached, "project-b", minimumBytes: 0);
        Assert.True(second.Passed, second.Describe());
        Assert.Equal(first.Statistics.Files, second.Statistics.Shared);
        Assert.Equal(0, second.Statistics.BytesRead);
    }

    [Fact]
    public void The_default_folder_is_per_user()
    {
        var folder = DigestStoreLocation.Default();
        Assert.NotNull(folder);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var expected = !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "provenance-build") : Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".cache", "provenance-build");
        Assert.Equal(expected, folder);
    }

    public void Dispose()
    {
        dataset.Dispose();
        store.Dispose();
    }

    private List<string> EntryFiles() =>
        Directory.Exists(Path.Combine(store.Path, "v1"))
            ? Directory.GetFiles(Path.Combine(store.Path, "v1"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : new List<string>();

    private GateResult Run(DigestVerification mode, string project, DateTime? buildStarted = null, long minimumBytes = SharedDigestStore.DefaultMinimumBytes) => dataset.Run(o =>
    {
        o.DigestStoreMinimumBytes = minimumBytes;
        o.VerifyDigests = mode;
        o.CacheSettleTime = TimeSpan.Zero;
        o.DigestCachePath = dataset.Directory.Combine(project + "/obj/digests.cache");
        o.DigestStoreDirectory = store.Path;
        o.BuildStartedUtc = buildStarted;
    });
}
