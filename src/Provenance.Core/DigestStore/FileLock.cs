using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Provenance.DigestStore;

/// <summary>
/// An exclusive lock on a file, held until disposed, released by the system if the process dies. Waiting polls without
/// exceptions on Unix (flock with LOCK_NB on a descriptor kept open), so gates waiting for another gate's read take no CPU
/// from it; elsewhere a FileStream opened with FileShare.None.
/// </summary>
internal sealed partial class FileLock : IDisposable
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(20);

    private readonly IDisposable handle;

    private FileLock(IDisposable handle) => this.handle = handle;

    /// <summary>Takes the lock, waiting while another holder has it; <paramref name="waited"/> says whether it had to.</summary>
    /// <exception cref="IOException">The lock file cannot be opened.</exception>
    /// <param name="waiting">Called once when the lock is found held, before the first wait (a test hook).</param>
    public static FileLock Take(string path, CancellationToken cancellationToken, out bool waited, Action? waiting = null)
    {
        waited = false;
        var poll = FirstPoll;
#if NET
        if (!OperatingSystem.IsWindows())
        {
            // Opened with open(2), not FileStream: .NET takes a shared flock of its own on every file it opens for
            // writing, which would make the waiters block the holder's lock.
            // open(2) takes the mode as a variadic argument, which only Linux passes where a fixed one goes.
            if (!OperatingSystem.IsLinux() && !File.Exists(path))
            {
                try
                {
                    new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete).Dispose();
                }
                catch (IOException)
                {
                    // Another gate created it and holds it.
                }
            }

            var fd = open(path, OpenReadWrite | (OperatingSystem.IsLinux() ? OpenCreate : 0) | OpenCloseOnExec, 0x180);
            if (fd < 0)
            {
                throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            var file = new Microsoft.Win32.SafeHandles.SafeFileHandle((IntPtr)fd, ownsHandle: true);
            try
            {
                while (flock(fd, LockExclusive | LockNonBlocking) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is not (EWouldBlockLinux or EWouldBlockBsd or EInterrupted))
                    {
                        throw new IOException($"flock failed on {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }

                    Wait(ref waited, waiting, ref poll, cancellationToken);
                }

                return new FileLock(file);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
#endif
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException ex) when ((ex.HResult & 0xFFFF) is 32 or 33 || ex.HResult is 11 or 35)
            {
                // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION; or EWOULDBLOCK where .NET locks with flock.
                Wait(ref waited, waiting, ref poll, cancellationToken);
            }
        }
    }

    public void Dispose() => handle.Dispose();

    private static void Wait(ref bool waited, Action? waiting, ref TimeSpan poll, CancellationToken cancellationToken)
    {
        if (!waited)
        {
            waited = true;
            waiting?.Invoke();
        }

        cancellationToken.ThrowIfCancellationRequested();
        cancellationToken.WaitHandle.WaitOne(poll);
        poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LongestPoll.Ticks));
    }

#if NET
    private const int LockExclusive = 2, LockNonBlocking = 4;
    private static readonly int OpenReadWrite = 2, OpenCreate = 0x40, OpenCloseOnExec = OperatingSystem.IsLinux() ? 0x80000 : 0x1000000;
    private const int EWouldBlockLinux = 11, EWouldBlockBsd = 35, EInterrupted = 4;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);
#endif
}
