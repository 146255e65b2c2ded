using System;
using System.Collections.Generic;
using System.IO;

namespace Provenance.Files;

/// <summary>
/// A path with every symbolic link on the way resolved, iteratively and with a cap on link expansions (no recursion, so
/// a hostile chain of links cannot overflow the stack). Parts that do not exist are kept as written. Used for the data
/// roots and the manifest's folder, which the build's own settings name; manifest paths go through <see cref="ContainedOpener"/>.
/// </summary>
public static class RealPath
{
    /// <summary>As Linux's MAXSYMLINKS.</summary>
    public const int MaxLinkExpansions = 40;

    public static string Resolve(string fullPath)
    {
#if NET
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var pending = new Stack<string>();
        PushReversed(pending, fullPath.Substring(root.Length));
        var resolved = new List<string>();
        var expansions = 0;
        var missing = false;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine(root, Path.Combine(resolved.ToArray()), part);
            var target = missing ? null : new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                missing = missing || !(File.Exists(candidate) || Directory.Exists(candidate));
                resolved.Add(part);
                continue;
            }

            if (++expansions > MaxLinkExpansions)
            {
                throw new IOException($"Too many levels of symbolic links resolving {fullPath}.");
            }

            if (Path.IsPathRooted(target))
            {
                root = Path.GetPathRoot(target) ?? root;
                resolved.Clear();
                target = target.Substring(root.Length);
            }

            PushReversed(pending, target);
        }

        return Path.Combine(root, Path.Combine(resolved.ToArray()));
#else
        return fullPath;
#endif
    }

    internal static void PushReversed(Stack<string> pending, string path)
    {
        var parts = path.Split(new[] { '/', Path.DirectorySeparatorChar }, StringSplitOptions.None);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
