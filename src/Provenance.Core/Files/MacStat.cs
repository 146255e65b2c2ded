#if NET
using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>macOS fstat(2) with 64-bit inodes: device, inode, size, last-write and change time of an open handle.</summary>
internal static unsafe class MacStat
{
    internal const int StatSize = 144;

    public static bool TryRead(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;
        var buffer = new byte[StatSize];
        fixed (byte* stat = buffer)
        {
            var fd = (int)handle.DangerousGetHandle();
            var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? fstat_x64(fd, stat) : fstat_arm64(fd, stat);
            if (result != 0)
            {
                return false;
            }
        }

        identity = ToIdentity(buffer);
        return true;
    }

    /// <summary>Pure, so the layout of struct stat (with 64-bit inodes) is tested on every platform.</summary>
    internal static FileIdentity ToIdentity(byte[] stat)
    {
        var mode = BitConverter.ToUInt16(stat, 4) & 0xF000;
        var kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            _ => FileKind.Other,
        };
        long Nanoseconds(int offset) => (BitConverter.ToInt64(stat, offset) * 1_000_000_000L) + BitConverter.ToInt64(stat, offset + 8);
        return new FileIdentity(kind, BitConverter.ToInt64(stat, 96), Nanoseconds(48), Nanoseconds(64), BitConverter.ToUInt64(stat, 8), BitConverter.ToUInt32(stat, 0));
    }

    [DllImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static extern int fstat_x64(int fd, byte* stat);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static extern int fstat_arm64(int fd, byte* stat);
}
#endif
