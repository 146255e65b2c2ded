using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// Where openat2 is not available: the path is walked below the root one component at a time, expanding relative links
/// in place ('..' applies to where a link led, as the kernel does), refusing absolute links and anything that climbs
/// out, with a cap on expansions. The file is then opened and, on Windows, the handle's final path must lie below the
/// root. Without openat2 the walk and the open are separate steps: docs/security-model.md says what that leaves open.
/// </summary>
internal static class PortableBeneath
{
    public static OpenResult Open(string root, string relative, bool forReading, bool followAbsoluteLinks = false)
    {
        var failure = OpenStatus.Missing;
        var walked = followAbsoluteLinks ? Path.Combine(root, relative) : Walk(root, relative, out failure);
        if (walked is null)
        {
            return OpenResult.Failed(failure);
        }

        if (followAbsoluteLinks)
        {
            root = Path.GetPathRoot(walked) ?? root;
        }

        var kind = FileIdentity.Read(walked);
        switch (kind.Kind)
        {
            case FileKind.Missing:
                return OpenResult.Failed(OpenStatus.Missing);
            case FileKind.Directory:
                return OpenResult.Failed(OpenStatus.Directory);
            case FileKind.Other:
                return OpenResult.Failed(OpenStatus.NotRegular);
        }

        SafeFileHandle handle;
        try
        {
            var stream = new FileStream(walked, FileMode.Open, System.IO.FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            GC.SuppressFinalize(stream);
            handle = stream.SafeFileHandle;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return OpenResult.Failed(OpenStatus.Missing);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OpenResult.Failed(OpenStatus.Unreadable, ex.Message);
        }

        if (WindowsFileInformation.IsWindows)
        {
            var final = WindowsFileInformation.FinalPath(handle);
            if (final is null || !DataRootPolicy.IsBelow(final, root))
            {
                handle.Dispose();
                return OpenResult.Failed(OpenStatus.Escapes);
            }
        }

        if (!FileIdentity.TryReadHandle(handle, out var identity))
        {
            identity = kind;
        }

        if (identity.Kind != FileKind.Regular)
        {
            handle.Dispose();
            return OpenResult.Failed(identity.Kind == FileKind.Directory ? OpenStatus.Directory : OpenStatus.NotRegular);
        }

        if (!forReading)
        {
            handle.Dispose();
            return new OpenResult(OpenStatus.Opened, identity);
        }

        return new OpenResult(OpenStatus.Opened, identity, new OpenedFile(handle, identity, h => FileIdentity.TryReadHandle(h, out var now) ? now : default));
    }

    /// <summary>The path below the root with every link expanded, or null with the reason.</summary>
    private static string? Walk(string root, string relative, out OpenStatus failure)
    {
        failure = OpenStatus.Opened;
        var pending = new Stack<string>();
        RealPath.PushReversed(pending, relative);
        var below = new List<string>();
#if NET
        var expansions = 0;
#endif
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (below.Count == 0)
                {
                    failure = OpenStatus.Escapes;
                    return null;
                }

                below.RemoveAt(below.Count - 1);
                continue;
            }

            var candidate = Path.Combine(root, Path.Combine(below.ToArray()), part);
#if NET
            var target = new FileInfo(candidate).LinkTarget;
            if (target is not null)
            {
                if (++expansions > RealPath.MaxLinkExpansions)
                {
                    failure = OpenStatus.LinkLoop;
                    return null;
                }

                if (Path.IsPathRooted(target))
                {
                    failure = OpenStatus.Escapes;
                    return null;
                }

                RealPath.PushReversed(pending, target);
                continue;
            }
#endif
            if (!File.Exists(candidate) && !Directory.Exists(candidate))
            {
                failure = OpenStatus.Missing;
                return null;
            }

            below.Add(part);
        }

        return Path.Combine(root, Path.Combine(below.ToArray()));
    }
}
