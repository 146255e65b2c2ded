using System.IO;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The manifest hash: SHA-256 of the manifest's bytes after dropping a UTF-8 BOM and turning CRLF and CR into LF,
/// printed as <c>sha256:&lt;64 hex&gt;</c>. On an LF file it equals <c>sha256sum</c>; Windows and Linux checkouts agree.
/// </summary>
public static class ManifestHash
{
    public static string Compute(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var normalized = new byte[bytes.Length - start];
        var length = 0;
        for (var i = start; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r')
            {
                normalized[length++] = (byte)'\n';
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else
            {
                normalized[length++] = bytes[i];
            }
        }

        using var stream = new MemoryStream(normalized, 0, length);
        return Sha256Digest.Format(FileDigest.ComputeSha256(stream));
    }
}
