using System;
using System.Globalization;
using System.Threading;

namespace Provenance.Verification;

/// <summary>Counts what verification did: files, bytes, how many came from the cache, and the rate.</summary>
public sealed class VerificationStatistics
{
    private long files;
    private long bytes;
    private long bytesRead;
    private long fromCache;
    private long shared;
    private long sharedBytes;
    private long waited;

    public long Files => Interlocked.Read(ref files);

    /// <summary>The size of every verified file, whether read or taken from the cache.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    public long BytesRead => Interlocked.Read(ref bytesRead);

    public long FromCache => Interlocked.Read(ref fromCache);

    /// <summary>Files whose read another gate did (the shared digest store), and how many of them this gate waited for.</summary>
    public long Shared => Interlocked.Read(ref shared);

    public long SharedBytes => Interlocked.Read(ref sharedBytes);

    public long Waited => Interlocked.Read(ref waited);

    public TimeSpan Elapsed { get; internal set; }

    internal void CountRead(long length)
    {
        Interlocked.Increment(ref files);
        Interlocked.Add(ref bytes, length);
        Interlocked.Add(ref bytesRead, length);
    }

    internal void CountCached(long length) => CountCached(1, length);

    internal void CountCached(long count, long length)
    {
        Interlocked.Add(ref files, count);
        Interlocked.Add(ref bytes, length);
        Interlocked.Add(ref fromCache, count);
    }

    internal void CountShared(long length, bool waitedForIt)
    {
        Interlocked.Increment(ref files);
        Interlocked.Add(ref bytes, length);
        Interlocked.Increment(ref shared);
        Interlocked.Add(ref sharedBytes, length);
        if (waitedForIt)
        {
            Interlocked.Increment(ref waited);
        }
    }

    public string Describe(long? totalFiles = null, long? totalBytes = null)
    {
        var rate = Elapsed.TotalSeconds > 0 ? BytesRead / Elapsed.TotalSeconds / 1e9 : 0;
        var filesText = totalFiles is null ? Files.ToString("N0", CultureInfo.InvariantCulture) : $"{Files.ToString("N0", CultureInfo.InvariantCulture)} of {totalFiles.Value.ToString("N0", CultureInfo.InvariantCulture)}";
        var bytesText = totalBytes is null ? FormatBytes(Bytes) : $"{FormatBytes(Bytes)} of {FormatBytes(totalBytes.Value)}";
        var sharedText = Shared == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, ", {0:N0} ({1}) read by another gate in the shared digest store{2}", Shared, FormatBytes(SharedBytes), Waited == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, " ({0:N0} waited for while it read them)", Waited));
        return string.Format(CultureInfo.InvariantCulture, "{0} files, {1}, {2:N0} from the cache{6}, {3} read in {4:0.00} s ({5:0.00} GB/s)", filesText, bytesText, FromCache, FormatBytes(BytesRead), Elapsed.TotalSeconds, rate, sharedText);
    }

    public static string FormatBytes(long value) => value switch
    {
        >= 1L << 30 => string.Format(CultureInfo.InvariantCulture, "{0:0.00} GiB", value / (double)(1L << 30)),
        >= 1L << 20 => string.Format(CultureInfo.InvariantCulture, "{0:0.0} MiB", value / (double)(1L << 20)),
        >= 1L << 10 => string.Format(CultureInfo.InvariantCulture, "{0:0.0} KiB", value / 1024.0),
        _ => string.Format(CultureInfo.InvariantCulture, "{0} bytes", value),
    };
}
