using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Provenance.Verification;

/// <summary>
/// Resolves manifest paths (relative to the manifest, '/' or '\' separated) and refuses any that leave every data root,
/// by '..', by being absolute, or through a symbolic link.
/// </summary>
public sealed class DataRootPolicy
{
    private static readonly StringComparison PathComparison =
        Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly List<string> roots;

    // Directories repeat across thousands of data files; each is resolved once per gate run.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> realDirectories = new(StringComparer.Ordinal);

    public DataRootPolicy(IEnumerable<string> roots)
    {
        this.roots = roots.Select(r => WithSeparator(RealPath(Path.GetFullPath(r)))).ToList();
    }

    public IReadOnlyList<string> Roots => roots;

    public bool TryResolve(string baseDirectory, string manifestPath, out string fullPath, out string problem)
    {
        fullPath = string.Empty;
        if (manifestPath.Length == 0)
        {
            problem = "the path is empty";
            return false;
        }

        if (manifestPath.IndexOf('\0') >= 0)
        {
            problem = "the path contains a NUL character";
            return false;
        }

        if (IsAbsolute(manifestPath))
        {
            problem = $"'{manifestPath}' is absolute; manifest paths are relative to the manifest so the evidence moves with the repository";
            return false;
        }

        var relative = manifestPath.Replace('\\', '/');
        var combined = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        if (!IsInsideRoot(combined))
        {
            problem = $"'{manifestPath}' resolves to {combined}, outside {DescribeRoots()}";
            return false;
        }

        string real;
        try
        {
            real = RealFilePath(combined);
        }
        catch (IOException ex)
        {
            problem = $"'{manifestPath}' cannot be resolved: {ex.Message} (a symbolic link loop?)";
            return false;
        }

        if (!IsInsideRoot(real))
        {
            problem = $"'{manifestPath}' is a symbolic link (or goes through one) to {real}, outside {DescribeRoots()}";
            return false;
        }

        fullPath = combined;
        problem = string.Empty;
        return true;
    }

    public string DescribeRoots() =>
        roots.Count == 1 ? $"the data root {roots[0]}" : "every data root (" + string.Join(", ", roots) + ")";

    private bool IsInsideRoot(string fullPath)
    {
        var withSeparator = WithSeparator(fullPath);
        return roots.Any(root => withSeparator.StartsWith(root, PathComparison));
    }

    private static bool IsAbsolute(string path) =>
        path.StartsWith("/", StringComparison.Ordinal)
        || path.StartsWith("\\", StringComparison.Ordinal)
        || (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]))
        || path.StartsWith("~", StringComparison.Ordinal)
        || Path.IsPathRooted(path);

    private static string WithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;

    private string RealFilePath(string fullPath)
    {
#if NET
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null)
        {
            return RealPath(fullPath);
        }

        var realDirectory = realDirectories.GetOrAdd(directory, d => RealPath(d));
        var file = new FileInfo(Path.Combine(realDirectory, Path.GetFileName(fullPath)));
        if (file.LinkTarget is null)
        {
            return file.FullName;
        }

        var target = file.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? file.FullName : RealPath(Path.GetFullPath(target.FullName));
#else
        return fullPath;
#endif
    }

    /// <summary>The path with every symbolic link on the way resolved; parts that do not exist are kept as written.</summary>
    internal static string RealPath(string fullPath)
    {
#if NET
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        var parts = fullPath.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(Path.GetFullPath(target.FullName));
            }
            else if (!info.Exists)
            {
                return Path.Combine(new[] { next }.Concat(parts.Skip(i + 1)).ToArray());
            }

            current = next;
        }

        return current;
#else
        return fullPath;
#endif
    }
}
