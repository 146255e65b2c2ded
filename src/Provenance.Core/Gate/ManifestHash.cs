using System.Text;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The manifest hash: SHA-256 of the manifest's text as UTF-8, after decoding (UTF-8, with or without BOM, or UTF-16 with
/// its BOM) and turning CRLF and CR into LF, printed as <c>sha256:&lt;64 hex&gt;</c>. On an LF UTF-8 file it equals
/// <c>sha256sum</c>; Windows and Linux checkouts, and the UTF-16 copy of the same text, agree; two different texts never
/// share a hash through their encoding. Bytes that decode as nothing (the manifest then fails to parse) are hashed raw.
/// </summary>
public static class ManifestHash
{
    public static string Compute(byte[] bytes)
    {
        var text = Decode(bytes);
        var normalized = text is null ? bytes : Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace('\r', '\n'));
        return Sha256Digest.Format(FileDigest.ComputeSha256(normalized));
    }

    private static string? Decode(byte[] bytes)
    {
        try
        {
            if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                return new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
            }

            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
