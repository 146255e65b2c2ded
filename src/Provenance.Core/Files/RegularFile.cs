using System;
using System.IO;
using Provenance.Verification;

namespace Provenance.Files;

/// <summary>
/// Opens a file that the build's own settings name (a manifest, a quarantine record) for reading: non-blocking on Linux,
/// and only when the handle is a regular file, so a FIFO, /dev/stdin or a device is refused instead of hanging the build.
/// </summary>
public static class RegularFile
{
    public static OpenResult OpenRead(string fullPath)
    {
#if NET
        if (LinuxBeneath.IsSupported)
        {
            return LinuxBeneath.OpenAnywhere(fullPath);
        }
#endif
        var directory = Path.GetDirectoryName(fullPath);
        return directory is null
            ? OpenResult.Failed(OpenStatus.Missing)
            : PortableBeneath.Open(RealPath.Resolve(directory), Path.GetFileName(fullPath), forReading: true, followAbsoluteLinks: true);
    }

    /// <summary>Why the file could not be opened, as the end of a sentence.</summary>
    public static string Describe(OpenResult result) => result.Status switch
    {
        OpenStatus.Missing => "it does not exist",
        OpenStatus.Directory => "it is a directory",
        OpenStatus.NotRegular => "it is not a regular file (a FIFO, device or socket), so it names no fixed bytes",
        OpenStatus.LinkLoop => "it is a loop of symbolic links",
        _ => result.Problem ?? "it cannot be opened",
    };
}
