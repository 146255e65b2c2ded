using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// Windows: the identity of an open handle (volume serial and 64-bit file index from BY_HANDLE_FILE_INFORMATION, size,
/// last-write and change time from FILE_BASIC_INFO), and the handle's final path, which says where the file really is
/// after every symbolic link and junction. Compiled for net472 (msbuild.exe, Visual Studio) too.
/// </summary>
internal static class WindowsFileInformation
{
    internal const int ByHandleFileInformationSize = 52;
    internal const int FileBasicInfoSize = 40;
    private const int FileBasicInfoClass = 0;
    private const uint FileAttributeDirectory = 0x10;
    private const uint FileTypeDisk = 1;
    private const long FileTimeToUnixTicks = 116444736000000000;

    public static bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static unsafe bool TryRead(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;
        if (GetFileType(handle) != FileTypeDisk)
        {
            identity = new FileIdentity(FileKind.Other, 0, 0, 0, 0, 0);
            return true;
        }

        var byHandle = new byte[ByHandleFileInformationSize];
        var basic = new byte[FileBasicInfoSize];
        fixed (byte* a = byHandle)
        fixed (byte* b = basic)
        {
            if (!GetFileInformationByHandle(handle, a) || !GetFileInformationByHandleEx(handle, FileBasicInfoClass, b, (uint)basic.Length))
            {
                return false;
            }
        }

        identity = ToIdentity(byHandle, basic);
        return true;
    }

    /// <summary>Pure, so the layout is tested on every platform.</summary>
    internal static FileIdentity ToIdentity(byte[] byHandle, byte[] basic)
    {
        var attributes = BitConverter.ToUInt32(byHandle, 0);
        var volume = BitConverter.ToUInt32(byHandle, 28);
        var length = ((long)BitConverter.ToUInt32(byHandle, 32) << 32) | BitConverter.ToUInt32(byHandle, 36);
        var index = ((ulong)BitConverter.ToUInt32(byHandle, 44) << 32) | BitConverter.ToUInt32(byHandle, 48);
        var lastWrite = BitConverter.ToInt64(basic, 16);
        var change = BitConverter.ToInt64(basic, 24);
        var kind = (attributes & FileAttributeDirectory) != 0 ? FileKind.Directory : FileKind.Regular;
        return new FileIdentity(kind, length, UnixNanoseconds(lastWrite), UnixNanoseconds(change), index, volume);
    }

    /// <summary>The path the handle really names (links and junctions resolved), without the \\?\ prefix.</summary>
    public static unsafe string? FinalPath(SafeFileHandle handle)
    {
        var buffer = new char[1024];
        fixed (char* chars = buffer)
        {
            var length = GetFinalPathNameByHandleW(handle, chars, (uint)buffer.Length, 0);
            if (length == 0 || length >= buffer.Length)
            {
                return null;
            }

            var path = new string(buffer, 0, (int)length);
            return path.StartsWith(@"\\?\UNC\", StringComparison.Ordinal) ? @"\\" + path.Substring(8)
                : path.StartsWith(@"\\?\", StringComparison.Ordinal) ? path.Substring(4)
                : path;
        }
    }

    private static long UnixNanoseconds(long fileTime) => (fileTime - FileTimeToUnixTicks) * 100;

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern uint GetFileType(SafeFileHandle handle);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern unsafe bool GetFileInformationByHandle(SafeFileHandle handle, byte* information);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern unsafe bool GetFileInformationByHandleEx(SafeFileHandle handle, int informationClass, byte* information, uint size);

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern unsafe uint GetFinalPathNameByHandleW(SafeFileHandle handle, char* path, uint length, uint flags);
}
