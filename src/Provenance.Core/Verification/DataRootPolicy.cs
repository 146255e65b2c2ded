using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Files;

namespace Provenance.Verification;

/// <summary>
/// Resolves manifest paths (relative to the manifest, '/' separated) to a place below a data root, and opens them there
/// without following any link out of it. Refused as text: empty, NUL, absolute, a backslash (a file name character on
/// Unix, a separator on Windows: the manifest must name one file everywhere), and '..' after a folder name (the kernel
/// applies it to where a link led, not to the text). Refused when opened: a link that leaves the root, loops, or is absolute.
/// </summary>
public sealed class DataRootPolicy : IDisposable
{
    private static readonly StringComparison PathComparison =
        Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly List<string> roots;
    private readonly ConcurrentDictionary<string, string> realDirectories = new(StringComparer.Ordinal);
#if NET
    private readonly ConcurrentDictionary<string, int> rootDescriptors = new(StringComparer.Ordinal);
#endif

    public DataRootPolicy(IEnumerable<string> roots)
    {
        // Outermost first: a link below a root may lead anywhere below it, including into a nested root.
        this.roots = roots.Select(r => WithSeparator(RealPath.Resolve(Path.GetFullPath(r)))).Distinct().OrderBy(r => r.Length).ToList();
    }

    public IReadOnlyList<string> Roots => roots;

    /// <summary>Forces the portable walk instead of openat2, so tests exercise what macOS and old kernels run.</summary>
    internal bool UsePortableWalk { get; set; }

    public bool TryResolve(string baseDirectory, string manifestPath, out ContainedPath resolved, out string problem)
    {
        resolved = null!;
        problem = CheckText(manifestPath);
        if (problem.Length > 0)
        {
            return false;
        }

        var realBase = realDirectories.GetOrAdd(baseDirectory, d => RealPath.Resolve(Path.GetFullPath(d)));
        var combined = Path.GetFullPath(Path.Combine(realBase, manifestPath.Replace('/', Path.DirectorySeparatorChar)));
        var root = roots.FirstOrDefault(r => IsBelow(combined, r));
        if (root is null)
        {
            problem = $"'{manifestPath}' resolves to {combined}, outside {DescribeRoots()}";
            return false;
        }

        resolved = new ContainedPath(root, combined.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/'), combined);
        return true;
    }

    /// <summary>Looks at the file (its type and identity) without reading it.</summary>
    public OpenResult Inspect(ContainedPath path) => Open(path, forReading: false);

    /// <summary>Opens the file for reading; the caller disposes <see cref="OpenResult.File"/>.</summary>
    public OpenResult OpenRead(ContainedPath path) => Open(path, forReading: true);

    /// <summary>
    /// True when every file of <paramref name="files"/> below <paramref name="root"/> still has its identity. On Linux the
    /// folder is opened once below the root and each file is looked at without following it (one system call a file); a
    /// file that is a link is looked at as a full run would.
    /// </summary>
    internal bool Unchanged(string root, FolderListing files)
    {
#if NET
        if (!UsePortableWalk && LinuxBeneath.IsSupported)
        {
            var rootFd = rootDescriptors.GetOrAdd(root, r => LinuxBeneath.OpenRoot(r, out _));
            var folderFd = rootFd < 0 ? -1 : LinuxBeneath.OpenDirectory(rootFd, files.Relative);
            if (folderFd < 0)
            {
                return false;
            }

            try
            {
                for (var i = 0; i < files.Count; i++)
                {
                    if (!FileIdentity.TryReadInDirectory(folderFd, files.NameBytes, files.Offset(i), out var now))
                    {
                        return false;
                    }

                    var expected = files.Identities[i];
                    if (now.Kind == FileKind.Other ? !expected.Equals(Inspect(files.Contained(root, i)).Identity) : !expected.Equals(now))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                LinuxBeneath.Close(folderFd);
            }
        }
#endif
        for (var i = 0; i < files.Count; i++)
        {
            var now = Inspect(files.Contained(root, i));
            if (now.Status != OpenStatus.Opened || !files.Identities[i].Equals(now.Identity))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What a failed open means, for a message: "… path {this}".</summary>
    public string Describe(ContainedPath path, OpenResult result) => result.Status switch
    {
        OpenStatus.Escapes => $"'{path.Relative}' goes through a symbolic link that leads out of the data root {path.Root} (an absolute link, or a relative one that climbs above it); links below a data root must be relative and stay below it",
        OpenStatus.LinkLoop => $"'{path.Relative}' cannot be resolved: a loop of symbolic links (or more than {RealPath.MaxLinkExpansions} of them)",
        _ => $"'{path.Relative}' cannot be opened: {result.Problem ?? result.Status.ToString()}",
    };

    public string DescribeRoots() =>
        roots.Count == 1 ? $"the data root {roots[0]}" : "every data root (" + string.Join(", ", roots) + ")";

    internal static bool IsBelow(string fullPath, string root) => WithSeparator(fullPath).StartsWith(WithSeparator(root), PathComparison);

    public void Dispose()
    {
#if NET
        foreach (var fd in rootDescriptors.Values)
        {
            if (fd >= 0)
            {
                LinuxBeneath.Close(fd);
            }
        }

        rootDescriptors.Clear();
#endif
    }

    private OpenResult Open(ContainedPath path, bool forReading)
    {
#if NET
        if (!UsePortableWalk && LinuxBeneath.IsSupported)
        {
            var rootFd = rootDescriptors.GetOrAdd(path.Root, r => LinuxBeneath.OpenRoot(r, out _));
            return rootFd < 0 ? OpenResult.Failed(OpenStatus.Missing) : LinuxBeneath.Open(rootFd, path.Relative, forReading);
        }
#endif
        return PortableBeneath.Open(path.Root, path.Relative, forReading);
    }

    private static string CheckText(string manifestPath)
    {
        if (manifestPath.Length == 0)
        {
            return "the path is empty";
        }

        if (manifestPath.IndexOf('\0') >= 0)
        {
            return "the path contains a NUL character";
        }

        if (IsAbsolute(manifestPath))
        {
            return $"'{manifestPath}' is absolute; manifest paths are relative to the manifest so the evidence moves with the repository";
        }

        if (manifestPath.IndexOf('\\') >= 0)
        {
            return $"'{manifestPath}' contains a backslash, which is a file name character on Linux and macOS and a separator on Windows, so the manifest would name different files on each. Separate folders with '/'";
        }

        var seenName = false;
        foreach (var part in manifestPath.Split('/'))
        {
            if (part == "..")
            {
                if (seenName)
                {
                    return $"'{manifestPath}' has '..' after a folder name; when that folder is a symbolic link the system applies '..' to where the link leads, so the path names another file than it reads as. Write the path without it";
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                seenName = true;
            }
        }

        return string.Empty;
    }

    private static bool IsAbsolute(string path) =>
        path.StartsWith("/", StringComparison.Ordinal)
        || path.StartsWith("\\", StringComparison.Ordinal)
        || (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]))
        || path.StartsWith("~", StringComparison.Ordinal)
        || Path.IsPathRooted(path);

    private static string WithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;
}
