using System;
using System.IO;
using System.Text;

namespace Provenance.Stamping;

/// <summary>Writes a file whole (temp file, then rename) and only when its content changes, so no-op builds keep timestamps.</summary>
public static class AtomicFile
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <returns>True when the file was written; false when it already held exactly this content.</returns>
    public static bool WriteIfChanged(string path, string content) => WriteIfChanged(path, Utf8NoBom.GetBytes(content));

    /// <returns>True when the file was written; false when it already held exactly these bytes.</returns>
    public static bool WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && BytesEqual(File.ReadAllBytes(path), bytes))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            Replace(temp, path);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return true;
    }

    private static void Replace(string temp, string path)
    {
#if NET
        File.Move(temp, path, overwrite: true);
#else
        if (File.Exists(path))
        {
            File.Replace(temp, path, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temp, path);
        }
#endif
    }

    private static bool BytesEqual(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
