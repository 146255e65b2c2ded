using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Provenance.Verification;

public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Other,
}

/// <summary>
/// What a file's metadata says about its bytes: size, last-write time, and where the platform has them the change time
/// (ctime, which no user call can set back) and the file id (device and inode). Two equal identities mean the bytes
/// provably did not change, short of someone forging kernel metadata.
/// </summary>
public readonly partial struct FileIdentity : IEquatable<FileIdentity>
{
    public FileIdentity(FileKind kind, long length, long lastWriteNanoseconds, long changeNanoseconds, ulong inode, ulong device)
    {
        Kind = kind;
        Length = length;
        LastWriteNanoseconds = lastWriteNanoseconds;
        ChangeNanoseconds = changeNanoseconds;
        Inode = inode;
        Device = device;
    }

    public FileKind Kind { get; }

    public long Length { get; }

    public long LastWriteNanoseconds { get; }

    /// <summary>0 where the platform does not report it.</summary>
    public long ChangeNanoseconds { get; }

    /// <summary>0 where the platform does not report it.</summary>
    public ulong Inode { get; }

    public ulong Device { get; }

    /// <summary>The length of <see cref="Encode"/>'s form: the kind, then size, times, inode and device, little-endian.</summary>
    internal const int EncodedLength = 41;

    internal void Encode(Span<byte> into)
    {
        into[0] = (byte)Kind;
        BinaryPrimitives.WriteInt64LittleEndian(into.Slice(1), Length);
        BinaryPrimitives.WriteInt64LittleEndian(into.Slice(9), LastWriteNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(into.Slice(17), ChangeNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(25), Inode);
        BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(33), Device);
    }

    internal static FileIdentity Decode(ReadOnlySpan<byte> from) =>
        new(
            (FileKind)from[0],
            BinaryPrimitives.ReadInt64LittleEndian(from.Slice(1)),
            BinaryPrimitives.ReadInt64LittleEndian(from.Slice(9)),
            BinaryPrimitives.ReadInt64LittleEndian(from.Slice(17)),
            BinaryPrimitives.ReadUInt64LittleEndian(from.Slice(25)),
            BinaryPrimitives.ReadUInt64LittleEndian(from.Slice(33)));

    public static FileIdentity Read(string path)
    {
#if NET
        if (OperatingSystem.IsLinux() && StatX.TryRead(path, out var identity))
        {
            return identity;
        }
#endif
        if (Directory.Exists(path))
        {
            return new FileIdentity(FileKind.Directory, 0, 0, 0, 0, 0);
        }

        var info = new FileInfo(path);
        return info.Exists
            ? new FileIdentity(FileKind.Regular, info.Length, info.LastWriteTimeUtc.Ticks * 100, info.CreationTimeUtc.Ticks * 100, 0, 0)
            : new FileIdentity(FileKind.Missing, 0, 0, 0, 0, 0);
    }

#if NET
    /// <summary>
    /// The identity of <paramref name="name"/> in the folder <paramref name="directoryFd"/>, without following it if it is a
    /// link (a link is <see cref="FileKind.Other"/>): one system call, for replaying a gate over many files. Linux only.
    /// </summary>
    /// <param name="names">NUL-terminated UTF-8 names; the name starts at <paramref name="offset"/>.</param>
    internal static bool TryReadInDirectory(int directoryFd, byte[] names, int offset, out FileIdentity identity) => StatX.TryReadAt(directoryFd, names, offset, out identity);
#endif

    /// <summary>
    /// The identity of an open file, from its handle: statx on Linux, fstat on macOS, the file id, change time and size
    /// on Windows. Elsewhere only size and last-write time, which docs/security-model.md states.
    /// </summary>
    public static bool TryReadHandle(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;
        if (handle.IsInvalid || handle.IsClosed)
        {
            return false;
        }

        if (Files.WindowsFileInformation.IsWindows)
        {
            return Files.WindowsFileInformation.TryRead(handle, out identity);
        }
#if NET
        if (OperatingSystem.IsLinux())
        {
            return StatX.TryReadDescriptor((int)handle.DangerousGetHandle(), out identity);
        }

        if (OperatingSystem.IsMacOS())
        {
            return Files.MacStat.TryRead(handle, out identity);
        }

        identity = new FileIdentity(FileKind.Regular, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks * 100, 0, 0, 0);
        return true;
#else
        return false;
#endif
    }

    /// <summary>
    /// True when the file last changed longer than <paramref name="settleTime"/> before <paramref name="nowUtc"/>. Only
    /// then does cached mode trust its identity: a store through a shared memory mapping moves the change time at its first
    /// write fault only, and later stores to the still-dirty page move nothing until the kernel writes the page back.
    /// </summary>
    public bool IsSettled(DateTime nowUtc, TimeSpan settleTime)
    {
        var changed = Math.Max(ChangeNanoseconds, LastWriteNanoseconds);
        var nowNanoseconds = (nowUtc - UnixEpoch).Ticks * 100;
        return nowNanoseconds - changed >= settleTime.Ticks * 100;
    }

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public bool Equals(FileIdentity other) =>
        Kind == other.Kind && Length == other.Length && LastWriteNanoseconds == other.LastWriteNanoseconds
        && ChangeNanoseconds == other.ChangeNanoseconds && Inode == other.Inode && Device == other.Device;

    public override bool Equals(object? obj) => obj is FileIdentity other && Equals(other);

    public override int GetHashCode() => (Length, LastWriteNanoseconds, ChangeNanoseconds, Inode).GetHashCode();

#if NET
    /// <summary>
    /// True when <paramref name="path"/> is a folder only this user may write to: owned by the effective user, no write
    /// permission for group or others. On Linux from statx; elsewhere from the permission bits alone.
    /// </summary>
    internal static bool IsPrivateToUser(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        if (OperatingSystem.IsLinux() && StatX.TryReadOwner(path, out var owner, out var mode))
        {
            return owner == geteuid() && (mode & 0x12) == 0;
        }

        return (File.GetUnixFileMode(path) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();

    /// <summary>Linux statx(2): its struct has one layout on every architecture, unlike stat(2).</summary>
    private static partial class StatX
    {
        private const int AtFdCwd = -100;
        private const int AtEmptyPath = 0x1000;
        private const int AtSymlinkNoFollow = 0x100;
        private const uint BasicStats = 0x7ff;
        private static bool unavailable;

        public static unsafe bool TryRead(string path, out FileIdentity identity)
        {
            identity = default;
            if (unavailable)
            {
                return false;
            }

            var buffer = stackalloc byte[256];
            int result;
            try
            {
                result = statx(AtFdCwd, path, 0, BasicStats, buffer);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                unavailable = true;
                return false;
            }

            if (result != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                if (errno is 2 or 20)
                {
                    identity = new FileIdentity(FileKind.Missing, 0, 0, 0, 0, 0);
                    return true;
                }

                if (errno == 40)
                {
                    throw new IOException("Too many levels of symbolic links.");
                }

                return false;
            }

            identity = FromBuffer(buffer);
            return true;
        }

        /// <summary>The owner's user id and the permission bits of <paramref name="path"/> (links followed).</summary>
        public static unsafe bool TryReadOwner(string path, out uint owner, out int mode)
        {
            owner = 0;
            mode = 0;
            var buffer = stackalloc byte[256];
            if (unavailable || statx(AtFdCwd, path, 0, BasicStats, buffer) != 0)
            {
                return false;
            }

            owner = *(uint*)(buffer + 20);
            mode = *(ushort*)(buffer + 28) & 0xFFF;
            return true;
        }

        public static unsafe bool TryReadAt(int directoryFd, byte[] names, int offset, out FileIdentity identity)
        {
            identity = default;
            var buffer = stackalloc byte[256];
            fixed (byte* pathname = &names[offset])
            {
                if (unavailable || statxBytes(directoryFd, pathname, AtSymlinkNoFollow, BasicStats, buffer) != 0)
                {
                    return false;
                }
            }

            identity = FromBuffer(buffer);
            return true;
        }

        public static unsafe bool TryReadDescriptor(int fd, out FileIdentity identity)
        {
            identity = default;
            var buffer = stackalloc byte[256];
            if (unavailable || statx(fd, string.Empty, AtEmptyPath, BasicStats, buffer) != 0)
            {
                return false;
            }

            identity = FromBuffer(buffer);
            return true;
        }

        private static unsafe FileIdentity FromBuffer(byte* buffer)
        {
            var mode = *(ushort*)(buffer + 28) & 0xF000;
            var kind = mode switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                _ => FileKind.Other,
            };
            return new FileIdentity(
                kind,
                *(long*)(buffer + 40),
                Nanoseconds(buffer + 112),
                Nanoseconds(buffer + 96),
                *(ulong*)(buffer + 32),
                ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140));
        }

        private static unsafe long Nanoseconds(byte* timestamp) => (*(long*)timestamp * 1_000_000_000L) + *(uint*)(timestamp + 8);

        // Names are passed as UTF-8 bytes: no marshalling, no allocation, for a replay that looks at many files.
        [LibraryImport("libc", EntryPoint = "statx")]
        private static unsafe partial int statxBytes(int dirfd, byte* pathname, int flags, uint mask, byte* buffer);

        // LibraryImport: see LinuxBeneath on why the errno must be saved by generated code.
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, byte* buffer);
    }
#endif
}
