#if NET
using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// Linux openat2(2) with RESOLVE_BENEATH: the kernel resolves the path below the root's descriptor and refuses any
/// absolute link, any '..' that climbs above it and any link whose target leaves it (EXDEV), in one call with no race.
/// Files are opened non-blocking, so a FIFO or device never hangs the open; the handle's type is checked with statx.
/// </summary>
internal static unsafe partial class LinuxBeneath
{
    private const long SysOpenat2 = 437;
    private const ulong ReadOnly = 0, NonBlocking = 0x800, NoControllingTerminal = 0x100, CloseOnExec = 0x80000, PathOnly = 0x200000, Directory = 0x10000;
    private const ulong ResolveNoMagicLinks = 0x02, ResolveBeneath = 0x08;
    private const int EPERM = 1, ENOENT = 2, EAGAIN = 11, EACCES = 13, EXDEV = 18, ENOTDIR = 20, ENOSYS = 38, ELOOP = 40;

    private static readonly Lazy<bool> Supported = new(Probe);

    public static bool IsSupported => OperatingSystem.IsLinux() && Supported.Value;

    /// <summary>A descriptor for the root directory (O_PATH), or -1 with the errno.</summary>
    public static int OpenRoot(string root, out int errno)
    {
        var bytes = NullTerminated(root);
        fixed (byte* path = bytes)
        {
            var fd = open(path, (int)(PathOnly | CloseOnExec), 0);
            errno = fd < 0 ? Marshal.GetLastWin32Error() : 0;
            return fd;
        }
    }

    public static void Close(int fd) => close(fd);

    /// <summary>Opens <paramref name="relative"/> below <paramref name="rootFd"/>: for reading, or only to look at it.</summary>
    public static OpenResult Open(int rootFd, string relative, bool forReading) => Open(rootFd, relative, forReading, ResolveBeneath | ResolveNoMagicLinks);

    /// <summary>
    /// A descriptor (O_PATH) for the folder <paramref name="relative"/> below <paramref name="rootFd"/> ("" for the root
    /// itself), resolved as <see cref="Open(int, string, bool)"/> resolves files; -1 when it cannot be opened there.
    /// </summary>
    public static int OpenDirectory(int rootFd, string relative)
    {
        var how = new OpenHow { Flags = PathOnly | CloseOnExec | Directory, Resolve = ResolveBeneath | ResolveNoMagicLinks };
        var bytes = NullTerminated(relative.Length == 0 ? "." : relative);
        fixed (byte* path = bytes)
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var fd = syscall(SysOpenat2, rootFd, path, &how, (nuint)sizeof(OpenHow));
                if (fd >= 0 || Marshal.GetLastWin32Error() != EAGAIN)
                {
                    return (int)fd;
                }
            }
        }

        return -1;
    }

    /// <summary>Opens a path the build's settings name (a manifest, a quarantine record) non-blocking, links followed.</summary>
    public static OpenResult OpenAnywhere(string fullPath) => Open(AtCurrentDirectory, fullPath, forReading: true, ResolveNoMagicLinks);

    private const int AtCurrentDirectory = -100;

    private static OpenResult Open(int rootFd, string relative, bool forReading, ulong resolve)
    {
        var how = new OpenHow
        {
            Flags = forReading ? ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec : PathOnly | CloseOnExec,
            Resolve = resolve,
        };
        var bytes = NullTerminated(relative);
        long fd;
        var errno = 0;
        fixed (byte* path = bytes)
        {
            // EAGAIN: a rename elsewhere raced the lookup; the kernel asks for a retry.
            for (var attempt = 0; attempt < 8; attempt++)
            {
                fd = syscall(SysOpenat2, rootFd, path, &how, (nuint)sizeof(OpenHow));
                if (fd >= 0)
                {
                    return Opened((int)fd, forReading);
                }

                errno = Marshal.GetLastWin32Error();
                if (errno != EAGAIN)
                {
                    break;
                }
            }
        }

        return errno switch
        {
            ENOENT or ENOTDIR => OpenResult.Failed(OpenStatus.Missing),
            EXDEV => OpenResult.Failed(OpenStatus.Escapes),
            ELOOP => OpenResult.Failed(OpenStatus.LinkLoop),
            _ => OpenResult.Failed(OpenStatus.Unreadable, Marshal.GetPInvokeErrorMessage(errno)),
        };
    }

    private static OpenResult Opened(int fd, bool forReading)
    {
        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        if (!FileIdentity.TryReadHandle(handle, out var identity))
        {
            handle.Dispose();
            return OpenResult.Failed(OpenStatus.Unreadable, "statx failed on the open file");
        }

        switch (identity.Kind)
        {
            case FileKind.Regular when forReading:
                return new OpenResult(OpenStatus.Opened, identity, new OpenedFile(handle, identity, ReadIdentity));
            case FileKind.Regular:
                handle.Dispose();
                return new OpenResult(OpenStatus.Opened, identity);
            case FileKind.Directory:
                handle.Dispose();
                return OpenResult.Failed(OpenStatus.Directory);
            default:
                handle.Dispose();
                return OpenResult.Failed(OpenStatus.NotRegular);
        }
    }

    private static FileIdentity ReadIdentity(SafeFileHandle handle) =>
        FileIdentity.TryReadHandle(handle, out var identity) ? identity : default;

    /// <summary>openat2 exists from Linux 5.6; some container sandboxes answer EPERM for system calls they do not know.</summary>
    private static bool Probe()
    {
        var root = OpenRoot("/", out _);
        if (root < 0)
        {
            return false;
        }

        try
        {
            var how = new OpenHow { Flags = PathOnly | CloseOnExec, Resolve = ResolveBeneath };
            var dot = NullTerminated(".");
            fixed (byte* path = dot)
            {
                var fd = syscall(SysOpenat2, root, path, &how, (nuint)sizeof(OpenHow));
                if (fd >= 0)
                {
                    close((int)fd);
                    return true;
                }

                var errno = Marshal.GetLastWin32Error();
                return errno is not (ENOSYS or EPERM or EACCES);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        finally
        {
            close(root);
        }
    }

    private static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
        return bytes;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    // LibraryImport, not DllImport: the errno is saved by generated code, which is also right when the assembly is
    // precompiled (ReadyToRun) and loaded into MSBuild's own load context, where DllImport's SetLastError was not.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int dirfd, byte* pathname, OpenHow* how, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int open(byte* pathname, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
#endif
