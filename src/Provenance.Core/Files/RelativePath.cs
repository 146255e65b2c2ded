using System;
using System.IO;
using System.Linq;

namespace Provenance.Files;

/// <summary>A path relative to a folder, with '../' where it lies outside, '/' separated: what a stamp records.</summary>
public static class RelativePath
{
    private static readonly StringComparison Comparison =
        Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static string From(string folder, string fullPath)
    {
        var from = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var to = Path.GetFullPath(fullPath).Split(Path.DirectorySeparatorChar);
        var common = 0;
        while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], Comparison))
        {
            common++;
        }

        // Different drives (or roots) share nothing: the full path is the only honest name.
        if (common == 0 || (common == 1 && from[0].Length == 0 && to.Length > 1 && Path.GetPathRoot(folder) != Path.GetPathRoot(fullPath)))
        {
            return fullPath.Replace('\\', '/');
        }

        return string.Join("/", Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)));
    }
}
