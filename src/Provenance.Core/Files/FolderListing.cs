using System;
using System.Collections.Generic;
using System.Text;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// Files of one folder below a data root, with the identity each had: their names kept as NUL-terminated UTF-8, as the
/// system call that looks at them again takes them, so a replay of many files makes no string.
/// </summary>
internal sealed class FolderListing
{
    private readonly byte[] names;
    private readonly int[] offsets;

    public FolderListing(string relative, string prefix, byte[] names, FileIdentity[] identities)
    {
        Relative = relative;
        Prefix = prefix;
        this.names = names;
        Identities = identities;
        offsets = new int[identities.Length];
        var at = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = at;
            var end = Array.IndexOf(names, (byte)0, at);
            if (end < 0)
            {
                throw new FormatException("A file name is not terminated.");
            }

            at = end + 1;
        }

        if (at != names.Length)
        {
            throw new FormatException("The file names do not match the number of files.");
        }
    }

    /// <summary>The folder below the root, '/' separated; empty for the root itself.</summary>
    public string Relative { get; }

    /// <summary>The full path of the folder as the gate wrote it, ending in a separator.</summary>
    public string Prefix { get; }

    public FileIdentity[] Identities { get; }

    public int Count => Identities.Length;

    /// <summary>The names, each followed by a NUL byte.</summary>
    public byte[] NameBytes => names;

    public static FolderListing From(string relative, string prefix, IReadOnlyList<string> names, FileIdentity[] identities)
    {
        var bytes = new List<byte>();
        foreach (var name in names)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(name));
            bytes.Add(0);
        }

        return new FolderListing(relative, prefix, bytes.ToArray(), identities);
    }

    /// <summary>Where the i-th name starts in <see cref="NameBytes"/>.</summary>
    public int Offset(int index) => offsets[index];

    public string Name(int index)
    {
        var start = offsets[index];
        return Encoding.UTF8.GetString(names, start, Array.IndexOf(names, (byte)0, start) - start);
    }

    public ContainedPath Contained(string root, int index)
    {
        var name = Name(index);
        return new ContainedPath(root, Relative.Length == 0 ? name : Relative + "/" + name, Prefix + name);
    }
}
