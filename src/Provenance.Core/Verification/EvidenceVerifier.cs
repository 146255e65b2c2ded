using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Provenance.Diagnostics;
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

    public VerificationStatistics Statistics { get; } = new();

    /// <summary>Every file the verifier found on disk, with the identity it had, so a later run can tell whether any changed.</summary>
    public IReadOnlyCollection<KeyValuePair<string, FileIdentity>> Observed => observed;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FileIdentity> observed = new(StringComparer.Ordinal);

    /// <summary>Test hook: runs after a file was listed and before it is read.</summary>
    internal Action<string>? BeforeHashing { get; set; }

    /// <summary>Test hook: runs after a file was read and before its identity is checked again.</summary>
    internal Action<string>? AfterHashing { get; set; }

    public IReadOnlyList<VerifiedFile> Verify(IReadOnlyList<EvidenceFile> evidence, string baseDirectory, DiagnosticBag diagnostics)
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
                if (first.ExpectedHex != item.ExpectedHex)
                {
                    diagnostics.Add(Rules.DuplicateFile, file.Path!.Location, $"'{file.Path!.Value}' is listed twice with different digests (first at line {first.File.Path!.Location.Line}). One file has one digest: keep the entry that matches the bytes.");
                }

                continue;
            }

            byFullPath.Add(item.FullPath, item);
            pending.Add(item);
        }

        var ordered = pending.Where(p => p.ExpectedHex is not null).OrderByDescending(p => p.Length).ToList();
        HashAll(ordered);

        var verified = new List<VerifiedFile>();
        foreach (var item in pending)
        {
            if (item.Failure is not null)
            {
                diagnostics.Add(item.Failure);
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

        if (!policy.TryResolve(baseDirectory, file.Path.Value, out var fullPath, out var pathProblem))
        {
            diagnostics.Add(Rules.PathOutsideDataRoot, file.Path.Location, $"{file.Role} path {pathProblem}. Keep evidence inside the data root, or add its directory to ProvenanceDataRoot.");
            return null;
        }

        var identity = FileIdentity.Read(fullPath);
        switch (identity.Kind)
        {
            case FileKind.Directory:
                diagnostics.Add(Rules.FileMissing, file.Path.Location, $"{file.Role} '{file.Path.Value}' is a directory, not a file. Name the file, or list each file of the directory under 'files:'.");
                return null;
            case FileKind.Missing:
                diagnostics.Add(Rules.FileMissing, file.Path.Location, $"{file.Role} '{file.Path.Value}' does not exist (looked for {fullPath}). Add the file, or fix the path; paths are relative to the manifest.");
                return null;
            case FileKind.Other:
                diagnostics.Add(Rules.FileUnreadable, file.Path.Location, $"{file.Role} '{file.Path.Value}' is not a regular file (a FIFO, device or socket), so it names no fixed bytes. Name a regular file.");
                return null;
        }

        observed[fullPath] = identity;
        return new Pending(file, fullPath, expected, identity);
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
            // The identity read when the file was first listed is the "before": any change from here on is caught below.
            var identity = item.Identity;
            if (mode == DigestVerification.Cached && cache is not null && cache.IsVerified(item.FullPath, identity, item.ExpectedHex!))
            {
                Statistics.CountCached(identity.Length);
                return item.ExpectedHex;
            }

            BeforeHashing?.Invoke(item.FullPath);
            var actual = FileDigest.ComputeSha256(item.FullPath, cancellationToken);
            AfterHashing?.Invoke(item.FullPath);
            var after = FileIdentity.Read(item.FullPath);
            if (!after.Equals(identity))
            {
                cache?.Forget(item.FullPath);
                item.Failure = new Diagnostic(Rules.FileChangedWhileVerifying, item.File.Path!.Location, $"{item.File.Role} '{item.File.Path!.Value}' changed while the gate was reading it (its size, times or file id differ before and after), so the digest proves nothing. Stop whatever writes the file, then build again.");
                return null;
            }

            Statistics.CountRead(identity.Length);
            if (actual == item.ExpectedHex)
            {
                cache?.Record(item.FullPath, identity, actual);
            }
            else
            {
                cache?.Forget(item.FullPath);
            }

            return actual;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "it was removed while the gate was reading it" : ex.Message;
            item.Failure = new Diagnostic(Rules.FileUnreadable, item.File.Path!.Location, $"{item.File.Role} '{item.File.Path!.Value}' cannot be read: {reason}. Check that the file exists and the build may read it.");
            return null;
        }
    }

    private sealed class Pending
    {
        public Pending(EvidenceFile file, string fullPath, string? expectedHex, FileIdentity identity)
        {
            File = file;
            FullPath = fullPath;
            ExpectedHex = expectedHex;
            Identity = identity;
        }

        public FileIdentity Identity { get; }

        public EvidenceFile File { get; }

        public string FullPath { get; }

        public string? ExpectedHex { get; }

        public long Length => Identity.Length;

        public string? Actual { get; set; }

        public Diagnostic? Failure { get; set; }
    }
}
