using System;
using System.IO;
using System.Text;
using System.Threading;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.DigestStore;

/// <summary>
/// A per-user store of what files hashed to, keyed by file identity (device, inode, size, last-write and change time), so
/// projects and processes share one read of each file. One entry file per identity, written whole; one lock file per
/// identity, so two gates that need the same file at the same moment read it once: the second waits and takes the result.
/// The store decides nothing: <see cref="EvidenceVerifier"/> decides which entries a run may trust (docs/scale.md).
/// </summary>
public sealed class SharedDigestStore
{
    /// <summary>Below this size a file is cheaper to read again than to look up and record: one lock, one read, one write.</summary>
    public const long DefaultMinimumBytes = 1L << 20;

    private SharedDigestStore(string directory, long minimumBytes)
    {
        Directory = directory;
        MinimumBytes = minimumBytes;
    }

    public string Directory { get; }

    /// <summary>Test hook: runs when a claim finds another gate holding the file's lock, before it waits.</summary>
    internal Action? Waiting { get; set; }

    /// <summary>Files smaller than this are not looked up or recorded.</summary>
    public long MinimumBytes { get; }

    /// <summary>
    /// The store in <paramref name="directory"/>, created private to this user; null when it cannot be used (not writable,
    /// or another user may write to it, and could then vouch for bytes): the gate then reads every file itself.
    /// </summary>
    public static SharedDigestStore? Open(string directory, long minimumBytes = DefaultMinimumBytes)
    {
        try
        {
            var full = Path.Combine(Path.GetFullPath(directory), "v1");
#if NET
            if (!OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return FileIdentity.IsPrivateToUser(Path.GetFullPath(directory)) && FileIdentity.IsPrivateToUser(full) ? new SharedDigestStore(full, minimumBytes) : null;
            }

#endif
            System.IO.Directory.CreateDirectory(full);
            return new SharedDigestStore(full, minimumBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Only identities with a file id and a change time key the store; elsewhere size and time could be forged.</summary>
    public static bool CanKey(FileIdentity identity) => identity.Kind == FileKind.Regular && identity.Inode != 0 && identity.ChangeNanoseconds != 0;

    /// <summary>
    /// Takes the lock of <paramref name="identity"/>, waiting while another gate holds it (it is reading that file), and
    /// returns what is stored for it. Null when the store cannot be used for this file; the caller then reads it.
    /// </summary>
    public DigestClaim? Claim(FileIdentity identity, CancellationToken cancellationToken)
    {
        if (!CanKey(identity))
        {
            return null;
        }

        var key = Key(identity);
        var folder = Path.Combine(Directory, key.Substring(0, 2));
        var entryPath = Path.Combine(folder, key);
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            var held = FileLock.Take(entryPath + ".lock", cancellationToken, out var waited, Waiting);
            return new DigestClaim(held, entryPath, Read(entryPath, identity), waited);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static StoreEntry? Read(string entryPath, FileIdentity identity)
    {
        try
        {
            var entry = File.Exists(entryPath) ? StoreEntry.Parse(File.ReadAllText(entryPath, Encoding.UTF8)) : null;
            return entry is not null && entry.Identity.Equals(identity) ? entry : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Key(FileIdentity identity)
    {
        var encoded = new byte[FileIdentity.EncodedLength];
        identity.Encode(encoded);
        return FileDigest.ComputeSha256(encoded);
    }
}

/// <summary>The lock of one identity while a gate decides whether to read the file; disposing it lets waiting gates in.</summary>
public sealed class DigestClaim : IDisposable
{
    private readonly FileLock lockFile;
    private readonly string entryPath;

    internal DigestClaim(FileLock lockFile, string entryPath, StoreEntry? entry, bool waited)
    {
        this.lockFile = lockFile;
        this.entryPath = entryPath;
        Entry = entry;
        Waited = waited;
    }

    /// <summary>What the store holds for the identity; null when nothing, or a corrupt entry (which the next record replaces).</summary>
    public StoreEntry? Entry { get; }

    /// <summary>True when another gate held the lock when this one asked (it was reading the file).</summary>
    public bool Waited { get; }

    /// <summary>Records what the bytes hashed to; a store that cannot be written only costs a later read.</summary>
    public void Record(StoreEntry entry)
    {
        try
        {
            AtomicFile.WriteIfChanged(entryPath, entry.Format());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => lockFile.Dispose();
}
