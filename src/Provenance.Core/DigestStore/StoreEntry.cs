using System;
using System.Globalization;
using System.Text;
using Provenance.Verification;

namespace Provenance.DigestStore;

/// <summary>
/// One entry of the shared digest store: what the bytes of one file identity hashed to, and when they were read. Written
/// as text with a checksum; anything that does not parse, or fails its checksum, is no entry at all.
/// </summary>
public sealed class StoreEntry
{
    private const string Header = "provenance-digest-store v1";

    public StoreEntry(FileIdentity identity, string sha256, DateTime readStartedUtc, DateTime readFinishedUtc)
    {
        Identity = identity;
        Sha256 = sha256;
        ReadStartedUtc = readStartedUtc;
        ReadFinishedUtc = readFinishedUtc;
    }

    public FileIdentity Identity { get; }

    /// <summary>The SHA-256 of the bytes, lowercase hex.</summary>
    public string Sha256 { get; }

    public DateTime ReadStartedUtc { get; }

    public DateTime ReadFinishedUtc { get; }

    public string Format()
    {
        var body = string.Join(
            "\n",
            Header,
            "sha256 " + Sha256,
            string.Join(" ", "identity", Text(Identity.Device), Text(Identity.Inode), Text(Identity.Length), Text(Identity.LastWriteNanoseconds), Text(Identity.ChangeNanoseconds)),
            "read " + Text(ReadStartedUtc.Ticks) + " " + Text(ReadFinishedUtc.Ticks)) + "\n";
        return body + "checksum " + FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(body)) + "\n";
    }

    /// <summary>The entry, or null when the text is not one this version wrote whole.</summary>
    public static StoreEntry? Parse(string text)
    {
        var checksumAt = text.LastIndexOf("checksum ", StringComparison.Ordinal);
        if (checksumAt <= 0 || text.Substring(checksumAt) != "checksum " + FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(text.Substring(0, checksumAt))) + "\n")
        {
            return null;
        }

        var lines = text.Substring(0, checksumAt).Split('\n');
        if (lines.Length != 5 || lines[0] != Header || !lines[1].StartsWith("sha256 ", StringComparison.Ordinal))
        {
            return null;
        }

        var identity = lines[2].Split(' ');
        var read = lines[3].Split(' ');
        var sha256 = lines[1].Substring("sha256 ".Length);
        if (identity.Length != 6 || identity[0] != "identity" || read.Length != 3 || read[0] != "read" || !Sha256Digest.TryParse(sha256, out var hex, out _) || hex != sha256
            || !ulong.TryParse(identity[1], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            || !ulong.TryParse(identity[2], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            || !long.TryParse(identity[3], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || !long.TryParse(identity[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lastWrite)
            || !long.TryParse(identity[5], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var change)
            || !long.TryParse(read[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            || !long.TryParse(read[2], NumberStyles.None, CultureInfo.InvariantCulture, out var finished)
            || started > finished || finished > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new StoreEntry(new FileIdentity(FileKind.Regular, length, lastWrite, change, inode, device), sha256, new DateTime(started, DateTimeKind.Utc), new DateTime(finished, DateTimeKind.Utc));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
