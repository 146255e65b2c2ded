using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Stamping;

namespace Provenance.Verification;

/// <summary>
/// Remembers which files verified against which digest, keyed by full path and <see cref="FileIdentity"/>, so a build that
/// changed nothing reads no data bytes. Stored per project in the intermediate folder, written whole and atomically, with a
/// header and a checksum: a corrupt, truncated or foreign cache is ignored and rebuilt, never trusted.
/// </summary>
public sealed class DigestCache
{
    private const string Header = "provenance-digest-cache v1";
    private readonly ConcurrentDictionary<string, Entry> entries;
    private bool changed;

    private DigestCache(string path, ConcurrentDictionary<string, Entry> entries, bool changed)
    {
        Path = path;
        this.entries = entries;
        this.changed = changed;
    }

    public string Path { get; }

    public int Count => entries.Count;

    /// <summary>Loads the cache, or starts an empty one when the file is missing, corrupt or foreign.</summary>
    public static DigestCache Load(string path)
    {
        var loaded = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(path))
            {
                return new DigestCache(path, loaded, changed: false);
            }

            var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
            if (lines.Length < 3 || lines[0] != Header || !lines[lines.Length - 2].StartsWith("checksum ", StringComparison.Ordinal))
            {
                return new DigestCache(path, loaded, changed: true);
            }

            var body = string.Join("\n", lines.Take(lines.Length - 2)) + "\n";
            if (lines[lines.Length - 2] != "checksum " + FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(body)))
            {
                return new DigestCache(path, loaded, changed: true);
            }

            foreach (var line in lines.Skip(1).Take(lines.Length - 3))
            {
                var parts = line.Split('\t');
                if (parts.Length != 8)
                {
                    return new DigestCache(path, new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal), changed: true);
                }

                var identity = new FileIdentity(
                    FileKind.Regular,
                    long.Parse(parts[1], CultureInfo.InvariantCulture),
                    long.Parse(parts[2], CultureInfo.InvariantCulture),
                    long.Parse(parts[3], CultureInfo.InvariantCulture),
                    ulong.Parse(parts[4], CultureInfo.InvariantCulture),
                    ulong.Parse(parts[5], CultureInfo.InvariantCulture));
                loaded[parts[7]] = new Entry(parts[0], identity, parts[6]);
            }

            return new DigestCache(path, loaded, changed: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return new DigestCache(path, new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal), changed: true);
        }
    }

    /// <summary>True when <paramref name="fullPath"/> last verified against <paramref name="expectedSha256"/> and its identity is unchanged since.</summary>
    public bool IsVerified(string fullPath, FileIdentity identity, string expectedSha256) =>
        identity.Kind == FileKind.Regular
        && entries.TryGetValue(fullPath, out var entry)
        && entry.Sha256 == expectedSha256
        && entry.Identity.Equals(identity);

    public void Record(string fullPath, FileIdentity identity, string sha256)
    {
        if (fullPath.IndexOf('\t') >= 0 || fullPath.IndexOf('\n') >= 0 || identity.Kind != FileKind.Regular)
        {
            return;
        }

        var entry = new Entry(sha256, identity, "v");
        if (!entries.TryGetValue(fullPath, out var existing) || existing.Sha256 != sha256 || !existing.Identity.Equals(identity))
        {
            entries[fullPath] = entry;
            changed = true;
        }
    }

    public void Forget(string fullPath)
    {
        if (entries.TryRemove(fullPath, out _))
        {
            changed = true;
        }
    }

    /// <summary>Writes the cache whole (temp file and rename), only when an entry changed.</summary>
    public void Save()
    {
        if (!changed)
        {
            return;
        }

        var body = new StringBuilder();
        body.Append(Header).Append('\n');
        foreach (var pair in entries.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var id = pair.Value.Identity;
            body.Append(pair.Value.Sha256).Append('\t')
                .Append(id.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(id.LastWriteNanoseconds.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(id.ChangeNanoseconds.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(id.Inode.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(id.Device.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(pair.Value.Flags).Append('\t')
                .Append(pair.Key).Append('\n');
        }

        var text = body.ToString();
        AtomicFile.WriteIfChanged(Path, text + "checksum " + FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(text)) + "\n");
        changed = false;
    }

    private sealed class Entry
    {
        public Entry(string sha256, FileIdentity identity, string flags)
        {
            Sha256 = sha256;
            Identity = identity;
            Flags = flags;
        }

        public string Sha256 { get; }

        public FileIdentity Identity { get; }

        public string Flags { get; }
    }
}
