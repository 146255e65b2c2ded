using System;
using System.Globalization;
using System.IO;

namespace Provenance.Verification;

/// <summary>
/// How long after its last change a file's identity can be trusted by cached mode: the kernel's page-cache write-back
/// window (Linux: dirty_expire_centisecs plus dirty_writeback_centisecs, 35 s by default) plus a 10 s margin; 60 s where
/// the window cannot be read. Within it, stores through a shared memory mapping can change bytes without moving any time.
/// </summary>
public static class SettleTime
{
    private static readonly Lazy<TimeSpan> Computed = new(Compute);

    public static TimeSpan Default => Computed.Value;

    private static TimeSpan Compute()
    {
        var expire = ReadCentiseconds("/proc/sys/vm/dirty_expire_centisecs");
        var writeback = ReadCentiseconds("/proc/sys/vm/dirty_writeback_centisecs");
        return expire is null || writeback is null
            ? TimeSpan.FromSeconds(60)
            : TimeSpan.FromMilliseconds((expire.Value + writeback.Value) * 10) + TimeSpan.FromSeconds(10);
    }

    private static long? ReadCentiseconds(string path)
    {
        try
        {
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
