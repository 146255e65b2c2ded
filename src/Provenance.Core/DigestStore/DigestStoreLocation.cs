using System;
using System.IO;

namespace Provenance.DigestStore;

/// <summary>Where the shared digest store lives when ProvenanceCacheDirectory does not say.</summary>
public static class DigestStoreLocation
{
    /// <summary>
    /// %LocalAppData%\Provenance.Build\cache on Windows; $XDG_CACHE_HOME/provenance-build, else ~/.cache/provenance-build,
    /// elsewhere. Null when there is no home to put it in.
    /// </summary>
    public static string? Default()
    {
        if (Path.DirectorySeparatorChar == '\\')
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "Provenance.Build", "cache");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "provenance-build");
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) || !Path.IsPathRooted(home) ? null : Path.Combine(home, ".cache", "provenance-build");
    }
}
