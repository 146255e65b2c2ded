using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Provenance.Diagnostics;
using Provenance.Files;
using Provenance.Manifests;

namespace Provenance.Verification;

/// <summary>
/// Checks that every declared file exists inside the data roots and that its bytes match its digest
/// (PROV101-PROV109). Files are hashed in parallel, largest first; diagnostics come out in document order. With a
/// <see cref="DigestCache"/> in cached mode, a file whose identity is unchanged since it last verified is not read.
/// </summary>
public sealed class EvidenceVerifier
{
    private static readonly TimeSpan ProgressDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    private readonly DataRootPolicy policy;
    private readonly int maxParallelism;
    private readonly CancellationToken cancellationToken;
    private readonly DigestCache? cache;
    private readonly DigestVerification mode;
    private readonly Action<string>? progress;

    public EvidenceVerifier(DataRootPolicy policy, int maxParallelism, CancellationToken cancellationToken, DigestCache? cache = null, DigestVerification mode = DigestVerification.Full, Action<string>? progress = null)
    {
        this.policy = policy;
        this.maxParallelism = Math.Max(1, maxParallelism);
        this.cancellationToken = cancellationToken;
        this.cache = cache;
        this.mode = mode;
        this.progress = progress;
    }

    /// <summary>Files larger than this are PROV110 and never read (a sparse file can claim terabytes it does not hold).</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>1 TiB: far above any single file of a real dataset, far below what a sparse file can claim.</summary>
    public const long DefaultMaxFileBytes = 1L << 40;

    /// <summary>How long ago a file must have changed before the cache trusts its identity (see <see cref="FileIdentity.IsSettled"/>).</summary>
    public TimeSpan SettleTime { get; set; } = Verification.SettleTime.Default;

    /// <summary>
    /// The shared digest store (docs/scale.md): files at least <see cref="DigestStore.SharedDigestStore.MinimumBytes"/>
    /// long are read once across projects and processes; a gate that needs a file another gate is reading waits for it.
    /// </summary>
    public DigestStore.SharedDigestStore? Store { get; set; }

    /// <summary>
    /// Full mode trusts a read from the store only when it finished after this moment: the start of this build (in this
    /// MSBuild node), or of this gate. Never a read of an earlier build; unset, it is when this verifier was made.
    /// </summary>
    public DateTime BuildStartedUtc { get; set; } = DateTime.UtcNow;

    /// <summary>The clock the settle time is measured against.</summary>
    internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

    /// <summary>True when some file had changed too recently to be trusted by a later cached run (no gate state is kept then).</summary>
    public bool SawUnsettledFile { get; private set; }

    public VerificationStatistics Statistics { get; } = new();

    /// <summary>Every file the verifier found on disk, with the identity it had, so a later run can tell whether any changed.</summary>
    public IReadOnlyCollection<ObservedFile> Observed => (IReadOnlyCollection<ObservedFile>)observed.Values;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ObservedFile> observed = new(StringComparer.Ordinal);

    /// <summary>Test hook: runs after a file was listed and before it is opened for reading.</summary>
    internal Action<string>? BeforeOpening { get; set; }

    /// <summary>Test hook: runs after a file was opened and before it is read.</summary>
    internal Action<string>? BeforeHashing { get; set; }

    /// <summary>Test hook: runs after a file was read and before its identity is checked again.</summary>
    internal Action<string>? AfterHashing { get; set; }

    /// <param name="hashUndeclared">
    /// Also read files that declare no digest and return them with the digest found (exit evidence given as a bare path:
    /// it must exist and be readable, and its digest goes into the card and the record).
    /// </param>
    public IReadOnlyList<VerifiedFile> Verify(IReadOnlyList<EvidenceFile> evidence, string baseDirectory, DiagnosticBag diagnostics, bool hashUndeclared = false)
    {
        var pending = new List<Pending>();
        var byFullPath = new Dictionary<string, Pending>(StringComparer.Ordinal);
        foreach (var file in evidence)
        {
            var item = Prepare(file, baseDirectory, diagnostics);
            if (item is null)
            {
                continue;
            }

            if (byFullPath.TryGetValue(item.FullPath, out var first))
            {
                // A mention without a digest (exclusion_report: x.json) conflicts with nothing: the listed digest is verified.
                if (first.ExpectedHex is null)
                {
                    first.Adopt(item);
                }
                else if (item.ExpectedHex is not null && first.ExpectedHex != item.ExpectedHex)
                {
                    diagnostics.Add(Rules.DuplicateFile, file.Path!.Location, $"'{file.Path!.Value}' is listed twice with different digests (first at line {first.File.Path!.Location.Line}). One file has one digest: keep the entry that matches the bytes.");
                }

                continue;
            }

            byFullPath.Add(item.FullPath, item);
            pending.Add(item);
        }

        var ordered = pending.Where(p => p.ExpectedHex is not null || hashUndeclared).OrderByDescending(p => p.Length).ToList();
        HashAll(ordered);

        var verified = new List<VerifiedFile>();
        foreach (var item in pending)
        {
            if (item.Failure is not null)
            {
                diagnostics.Add(item.Failure);
            }
            else if (item.Actual is not null && item.ExpectedHex is null)
            {
                verified.Add(new VerifiedFile(item.File.Role, item.File.Path!.Value, item.FullPath, item.Actual, item.Length));
            }
            else if (item.Actual is not null && item.ExpectedHex is not null)
            {
                if (item.Actual == item.ExpectedHex)
                {
                    verified.Add(new VerifiedFile(item.File.Role, item.File.Path!.Value, item.FullPath, item.Actual, item.Length));
                }
                else
                {
                    diagnostics.Add(Rules.DigestMismatch, item.File.Sha256!.Location, $"{item.File.Role} '{item.File.Path!.Value}' does not match its digest: the manifest declares {Sha256Digest.Format(item.ExpectedHex)}, the file on disk is {Sha256Digest.Format(item.Actual)}. Restore the file, or record the new digest once a review has explained the change.");
                }
            }
        }

        return verified;
    }

    private Pending? Prepare(EvidenceFile file, string baseDirectory, DiagnosticBag diagnostics)
    {
        string? expected = null;
        if (file.Sha256 is not null)
        {
            if (Sha256Digest.TryParse(file.Sha256.Value, out var hex, out var problem))
            {
                expected = hex;
            }
            else
            {
                diagnostics.Add(Rules.MalformedDigest, file.Sha256.Location, $"the sha256 of the {file.Role} is not a SHA-256 digest: {problem}. Write all 64 hex characters, optionally prefixed 'sha256:', as printed by sha256sum.");
            }
        }

        if (file.Path is null)
        {
            if (file.Sha256 is not null)
            {
                diagnostics.Add(Rules.DigestWithoutBytes, file.Sha256.Location, $"the {file.Role} digest names no file, so there are no bytes to check it against. Add the path of the file it is the digest of ({(file.Role == "artifact" ? "'artifact: data/train.jsonl'" : "'path:'")}), or list the data under 'files:'.");
            }

            return null;
        }

        if (file.Sha256 is null && file.DigestRequired)
        {
            diagnostics.Add(Rules.NoDigest, file.Path.Location, $"{file.Role} '{file.Path.Value}' has no sha256, so nothing ties the manifest to its bytes. Add 'sha256:' with the value sha256sum prints for it.");
        }

        if (!policy.TryResolve(baseDirectory, file.Path.Value, out var contained, out var pathProblem))
        {
            diagnostics.Add(Rules.PathOutsideDataRoot, file.Path.Location, $"{file.Role} path {pathProblem}. Keep evidence inside the data root, or add its directory to ProvenanceDataRoot.");
            return null;
        }

        var inspected = policy.Inspect(contained);
        if (Describe(inspected, file, contained, baseDirectory) is { } failure)
        {
            diagnostics.Add(failure);
            return null;
        }

        var identity = inspected.Identity;
        if (identity.Length > MaxFileBytes)
        {
            diagnostics.Add(Rules.FileTooLarge, file.Path.Location, $"{file.Role} '{file.Path.Value}' is {identity.Length:N0} bytes, over the limit of {MaxFileBytes:N0} bytes per file, so it was not read (a sparse file can claim sizes it does not hold). If the file is genuine, raise ProvenanceMaxDataFileBytes.");
            return null;
        }

        observed[contained.FullPath] = new ObservedFile(contained, identity);
        return new Pending(file, contained, expected, identity, baseDirectory);
    }

    /// <summary>The diagnostic for a file that could not be opened below its root, or null when it was.</summary>
    private Diagnostic? Describe(OpenResult result, EvidenceFile file, ContainedPath contained, string baseDirectory)
    {
        var location = file.Path!.Location;
        var name = file.Path.Value;
        return result.Status switch
        {
            OpenStatus.Opened => null,
            OpenStatus.Directory => new Diagnostic(Rules.FileMissing, location, $"{file.Role} '{name}' is a directory, not a file. Name the file, or list each file of the directory under 'files:'."),
            OpenStatus.Missing => new Diagnostic(Rules.FileMissing, location, $"{file.Role} '{name}' does not exist (looked for {contained.FullPath}: paths are relative to {baseDirectory}, the folder of the file that names them). Add the file, or fix the path."),
            OpenStatus.NotRegular => new Diagnostic(Rules.FileUnreadable, location, $"{file.Role} '{name}' is not a regular file (a FIFO, device or socket), so it names no fixed bytes. Name a regular file."),
            OpenStatus.Escapes or OpenStatus.LinkLoop => new Diagnostic(Rules.PathOutsideDataRoot, location, $"{file.Role} path {policy.Describe(contained, result)}. Keep evidence inside the data root, or add its directory to ProvenanceDataRoot."),
            _ => new Diagnostic(Rules.FileUnreadable, location, $"{file.Role} '{name}' cannot be read: {result.Problem}. Check that the file exists and the build may read it."),
        };
    }

    private void HashAll(List<Pending> ordered)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken };
        var totalBytes = ordered.Sum(p => p.Length);
        var before = Statistics.Elapsed;
        var work = Task.Run(() => Parallel.ForEach(ordered, options, item => item.Actual = Hash(item)));
        var nextReport = ProgressDelay;
        var startFiles = Statistics.Files;
        var startBytes = Statistics.Bytes;
        try
        {
            // Progress is reported from the calling thread, so the host's logger is only used by the thread that owns it.
            while (!work.Wait(200))
            {
                if (progress is not null && stopwatch.Elapsed >= nextReport)
                {
                    Statistics.Elapsed = before + stopwatch.Elapsed;
                    progress($"Provenance: verifying digests: {Statistics.Files - startFiles:N0} of {ordered.Count:N0} files, {VerificationStatistics.FormatBytes(Statistics.Bytes - startBytes)} of {VerificationStatistics.FormatBytes(totalBytes)}, {Statistics.BytesRead / Math.Max(0.001, Statistics.Elapsed.TotalSeconds) / 1e9:0.00} GB/s");
                    nextReport = stopwatch.Elapsed + ProgressInterval;
                }
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Statistics.Elapsed = before + stopwatch.Elapsed;
        }
    }

    private string? Hash(Pending item)
    {
        try
        {
            // The identity seen when the file was listed is the "before": the opened handle must still be that file.
            var identity = item.Identity;
            var settled = identity.IsSettled(UtcNow(), SettleTime);
            if (!settled)
            {
                SawUnsettledFile = true;
            }

            if (mode == DigestVerification.Cached && settled && cache is not null && item.ExpectedHex is not null && cache.IsVerified(item.Path.FullPath, identity, item.ExpectedHex))
            {
                Statistics.CountCached(identity.Length);
                return item.ExpectedHex;
            }

            if (Store is not null && item.ExpectedHex is not null && identity.Length >= Store.MinimumBytes)
            {
                using var claim = Store.Claim(identity, cancellationToken);
                if (claim?.Entry is { } entry && MayTrust(entry, identity, settled))
                {
                    Statistics.CountShared(identity.Length, claim.Waited);
                    RecordInCache(item, identity, entry.Sha256, settled);
                    return entry.Sha256;
                }

                var started = UtcNow();
                var read = Read(item, identity, settled);
                if (read is not null)
                {
                    claim?.Record(new DigestStore.StoreEntry(identity, read, started, UtcNow()));
                }

                return read;
            }

            return Read(item, identity, settled);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            item.Failure = new Diagnostic(Rules.FileUnreadable, item.File.Path!.Location, $"{item.File.Role} '{item.File.Path!.Value}' cannot be read: {ex.Message}. Check that the file exists and the build may read it.");
            return null;
        }
    }

    /// <summary>Opens the file below its root, checks it is the file that was listed, and hashes it.</summary>
    private string? Read(Pending item, FileIdentity identity, bool settled)
    {
        BeforeOpening?.Invoke(item.Path.FullPath);
        var opened = policy.OpenRead(item.Path);
        if (opened.Status == OpenStatus.Missing)
        {
            return Changed(item, "was removed or replaced after the gate listed it");
        }

        if (Describe(opened, item.File, item.Path, item.BaseDirectory) is { } failure)
        {
            item.Failure = failure;
            return null;
        }

        using var file = opened.File!;
        if (!file.Identity.Equals(identity))
        {
            return Changed(item, "was replaced after the gate listed it (another file id, size or time)");
        }

        BeforeHashing?.Invoke(item.Path.FullPath);
        string actual;
        using (var stream = file.OpenRead())
        {
            actual = FileDigest.ComputeSha256(stream, cancellationToken);
        }

        AfterHashing?.Invoke(item.Path.FullPath);
        if (!file.CurrentIdentity().Equals(identity))
        {
            return Changed(item, "changed while the gate was reading it (its size, times or file id differ before and after)");
        }

        Statistics.CountRead(identity.Length);
        RecordInCache(item, identity, actual, settled);
        return actual;
    }

    private void RecordInCache(Pending item, FileIdentity identity, string actual, bool settled)
    {
        if (item.ExpectedHex is not null && actual == item.ExpectedHex && settled)
        {
            cache?.Record(item.Path.FullPath, identity, actual);
        }
        else
        {
            cache?.Forget(item.Path.FullPath);
        }
    }

    /// <summary>
    /// Cached mode trusts what cached mode trusts of its own cache: the identity is unchanged and the file had settled
    /// when it was read. Full mode trusts only a read that finished during this build (docs/scale.md).
    /// </summary>
    private bool MayTrust(DigestStore.StoreEntry entry, FileIdentity identity, bool settled)
    {
        if (!entry.Identity.Equals(identity))
        {
            return false;
        }

        return mode == DigestVerification.Cached
            ? settled && identity.IsSettled(entry.ReadStartedUtc, SettleTime)
            : entry.ReadFinishedUtc >= BuildStartedUtc && entry.ReadFinishedUtc <= UtcNow();
    }

    private string? Changed(Pending item, string what)
    {
        cache?.Forget(item.Path.FullPath);
        item.Failure = new Diagnostic(Rules.FileChangedWhileVerifying, item.File.Path!.Location, $"{item.File.Role} '{item.File.Path!.Value}' {what}, so the digest proves nothing. Stop whatever writes the file, then build again.");
        return null;
    }

    private sealed class Pending
    {
        public Pending(EvidenceFile file, ContainedPath path, string? expectedHex, FileIdentity identity, string baseDirectory)
        {
            BaseDirectory = baseDirectory;
            File = file;
            Path = path;
            ExpectedHex = expectedHex;
            Identity = identity;
        }

        public FileIdentity Identity { get; }

        public EvidenceFile File { get; private set; }

        public string BaseDirectory { get; }

        public ContainedPath Path { get; }

        public string FullPath => Path.FullPath;

        public string? ExpectedHex { get; private set; }

        /// <summary>Takes the digest (and the entry, for locating a mismatch) of a second mention of the same file.</summary>
        public void Adopt(Pending other)
        {
            File = other.File;
            ExpectedHex = other.ExpectedHex;
        }

        public long Length => Identity.Length;

        public string? Actual { get; set; }

        public Diagnostic? Failure { get; set; }
    }
}
