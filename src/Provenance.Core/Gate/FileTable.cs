using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Files;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The files a passing gate looked at, grouped by folder below their data root, with the identity each had: what
/// <see cref="GateState"/> stores, and what a replay looks at again (one open per folder, one stat per file).
/// </summary>
internal sealed class FileTable
{
    /// <summary>From this many files on, the folders are looked at on every core.</summary>
    private const int ParallelFrom = 5_000;

    private readonly List<string> roots;
    private readonly List<Folder> folders;

    /// <summary>The table index of each folder's first file, so a file is found by binary search, not a walk.</summary>
    private readonly int[] starts;
    private Dictionary<string, int>? indexes;

    private FileTable(List<string> roots, List<Folder> folders)
    {
        this.roots = roots;
        this.folders = folders;
        starts = new int[folders.Count];
        for (var i = 0; i < folders.Count; i++)
        {
            var folder = folders[i];
            starts[i] = Count;
            Count += folder.Files.Count;
            foreach (var identity in folder.Files.Identities)
            {
                TotalBytes += identity.Length;
            }
        }
    }

    public int Count { get; }

    public long TotalBytes { get; }

    public static FileTable From(IEnumerable<ObservedFile> observed)
    {
        var files = observed.ToList();
        var roots = files.Select(f => f.Path.Root).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var folders = files
            .Select(f =>
            {
                var slash = f.Path.Relative.LastIndexOf('/');
                var name = f.Path.Relative.Substring(slash + 1);
                return (File: f, Folder: slash < 0 ? string.Empty : f.Path.Relative.Substring(0, slash), Name: name, Prefix: f.Path.FullPath.Substring(0, f.Path.FullPath.Length - name.Length));
            })
            .GroupBy(x => (x.File.Path.Root, x.Folder, x.Prefix))
            .OrderBy(g => g.Key.Root, StringComparer.Ordinal).ThenBy(g => g.Key.Folder, StringComparer.Ordinal).ThenBy(g => g.Key.Prefix, StringComparer.Ordinal)
            .Select(g =>
            {
                var members = g.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
                return new Folder(roots.IndexOf(g.Key.Root), FolderListing.From(g.Key.Folder, g.Key.Prefix, members.Select(x => x.Name).ToList(), members.Select(x => x.File.Identity).ToArray()));
            })
            .ToList();
        return new FileTable(roots, folders);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(roots.Count);
        foreach (var root in roots)
        {
            writer.Write(root);
        }

        writer.Write(folders.Count);
        var identity = new byte[FileIdentity.EncodedLength];
        foreach (var folder in folders)
        {
            var files = folder.Files;
            writer.Write(folder.Root);
            writer.Write(files.Relative);
            writer.Write(files.Prefix);
            writer.Write(files.Count);
            writer.Write(files.NameBytes.Length);
            writer.Write(files.NameBytes);
            foreach (var id in files.Identities)
            {
                id.Encode(identity);
                writer.Write(identity);
            }
        }
    }

    public static FileTable Read(BinaryReader reader)
    {
        var roots = new List<string>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            roots.Add(reader.ReadString());
        }

        var folders = new List<Folder>();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var root = reader.ReadInt32();
            var relative = reader.ReadString();
            var prefix = reader.ReadString();
            var identities = new FileIdentity[reader.ReadInt32()];
            var names = reader.ReadBytes(reader.ReadInt32());
            var block = reader.ReadBytes(checked(identities.Length * FileIdentity.EncodedLength));
            if (root < 0 || root >= roots.Count || block.Length != identities.Length * FileIdentity.EncodedLength)
            {
                throw new FormatException("A folder of the gate state is truncated or names no data root.");
            }

            for (var i = 0; i < identities.Length; i++)
            {
                identities[i] = FileIdentity.Decode(block.AsSpan(i * FileIdentity.EncodedLength, FileIdentity.EncodedLength));
            }

            folders.Add(new Folder(root, new FolderListing(relative, prefix, names, identities)));
        }

        return new FileTable(roots, folders);
    }

    public int IndexOf(string fullPath)
    {
        indexes ??= FullPaths().Select((p, i) => (p, i)).GroupBy(x => x.p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return indexes[fullPath];
    }

    public IEnumerable<string> FullPaths() => folders.SelectMany(f => Enumerable.Range(0, f.Files.Count).Select(i => f.Files.Prefix + f.Files.Name(i)));

    public string FullPath(int index)
    {
        var (folder, i) = Locate(index);
        return folder.Files.Prefix + folder.Files.Name(i);
    }

    public long Length(int index)
    {
        var (folder, i) = Locate(index);
        return folder.Files.Identities[i].Length;
    }

    /// <summary>
    /// Looks at every file again below its data root with the same rules as a full run (no link out of the root): one
    /// changed identity, or one path that now leads elsewhere, means the result cannot be replayed.
    /// </summary>
    public bool AllUnchanged(int maxParallelism)
    {
        using var policy = new DataRootPolicy(roots);
        if (Count < ParallelFrom || folders.Count < 2)
        {
            return folders.All(f => policy.Unchanged(roots[f.Root], f.Files));
        }

        var unchanged = true;
        System.Threading.Tasks.Parallel.For(0, folders.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism) }, (i, loop) =>
        {
            var f = folders[i];
            if (!policy.Unchanged(roots[f.Root], f.Files))
            {
                unchanged = false;
                loop.Stop();
            }
        });
        return unchanged;
    }

    private (Folder Folder, int Index) Locate(int index)
    {
        if (index < 0 || index >= Count)
        {
            throw new IndexOutOfRangeException("No such file in the gate state.");
        }

        // The last folder that starts at or before the index; empty folders share a start with the next one.
        var at = Array.BinarySearch(starts, index);
        at = at >= 0 ? at : ~at - 1;
        while (at + 1 < starts.Length && starts[at + 1] == index)
        {
            at++;
        }

        return (folders[at], index - starts[at]);
    }

    private sealed class Folder
    {
        public Folder(int root, FolderListing files)
        {
            Root = root;
            Files = files;
        }

        public int Root { get; }

        public FolderListing Files { get; }
    }
}
