using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Diagnostics;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Gate;

/// <summary>
/// The state of the last passing gate run: a key over every setting, the manifest's and quarantine records' bytes, the
/// identity of every file the gate looked at, the summary it wrote, and its diagnostics. When all of that is unchanged, the
/// result is replayed: a no-op build costs one read of the manifest and a stat call per file, never a parse or a hash of data.
/// Written whole and atomically with a checksum; anything unexpected means a full run.
/// </summary>
internal static class GateState
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("provenance-gate-state v5\n");

    public static GateResult? TryReplay(GateOptions options, string manifestPath, byte[] manifestBytes, IReadOnlyList<string> quarantinePaths)
    {
        // A baseline such as origin/main moves without any local file changing: compare it every time.
        if (options.StatePath is null || options.SummaryPath is null || options.VerifyDigests != DigestVerification.Cached || !File.Exists(options.StatePath) || !string.IsNullOrWhiteSpace(options.Baseline))
        {
            return null;
        }

        try
        {
            using var reader = OpenVerified(options.StatePath);
            if (reader is null
                || reader.ReadString() != Key(options)
                || reader.ReadString() != manifestPath
                || reader.ReadString() != FileDigest.ComputeSha256(manifestBytes)
                || !File.Exists(options.SummaryPath))
            {
                return null;
            }

            var summaryDigest = reader.ReadString();
            if (!SummaryUnchanged(options, summaryDigest, ReadIdentity(reader)))
            {
                return null;
            }

            var manifestHash = reader.ReadString();
            var reviewerStatus = reader.ReadString();
            var quarantineCount = reader.ReadInt32();
            if (quarantineCount != quarantinePaths.Count)
            {
                return null;
            }

            for (var i = 0; i < quarantineCount; i++)
            {
                var path = reader.ReadString();
                var sha = reader.ReadString();
                if (path != quarantinePaths[i] || !File.Exists(path) || sha != FileDigest.ComputeSha256(File.ReadAllBytes(path)))
                {
                    return null;
                }
            }

            var table = FileTable.Read(reader);
            var diagnostics = new List<Diagnostic>();
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                diagnostics.Add(ReadDiagnostic(reader));
            }

            var details = reader.BaseStream.Position;
            if (!table.AllUnchanged(options.MaxParallelism))
            {
                return null;
            }

            var statistics = new VerificationStatistics();
            statistics.CountCached(table.Count, table.TotalBytes);

            // The lists are read from the state only when someone asks: a no-op build of a project needs neither.
            var bytes = ((MemoryStream)reader.BaseStream).GetBuffer();
            var verified = new Lazy<IReadOnlyList<VerifiedFile>>(() => ReadVerified(bytes, details, table));
            var verifiedCount = reader.ReadInt32();
            return new GateResult(options, manifestPath, null, manifestHash, diagnostics, new LazyList<VerifiedFile>(verified, verifiedCount), Array.Empty<Quarantine.QuarantineHistoryEntry>(), statistics)
            {
                ReviewerStatus = reviewerStatus.Length == 0 ? null : reviewerStatus,
                Replayed = true,
                SummaryDigest = summaryDigest,
                ObservedFiles = new LazyList<string>(new Lazy<IReadOnlyList<string>>(() => table.FullPaths().OrderBy(p => p, StringComparer.Ordinal).ToList()), table.Count),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public static void Save(GateOptions options, GateResult result, byte[] manifestBytes, IReadOnlyList<string> quarantinePaths, IEnumerable<ObservedFile> observed)
    {
        if (options.StatePath is null || options.SummaryPath is null)
        {
            return;
        }

        // A replay trusts every identity it stored; one file that changed within the settle time could still change unseen.
        // A file an attestation vouched for was never looked at here, so there is no identity to replay it from.
        if (!result.Passed || !result.AllFilesSettled || result.VerifiedFiles.Any(f => f.VouchedBy is not null) || result.ManifestPath is null || result.ManifestHash is null || !File.Exists(options.SummaryPath))
        {
            Delete(options.StatePath);
            return;
        }

        var table = FileTable.From(observed);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Key(options));
            writer.Write(result.ManifestPath);
            writer.Write(FileDigest.ComputeSha256(manifestBytes));
            writer.Write(FileDigest.ComputeSha256(options.SummaryPath));
            WriteIdentity(writer, FileIdentity.Read(options.SummaryPath));
            writer.Write(result.ManifestHash);
            writer.Write(result.ReviewerStatus ?? string.Empty);
            writer.Write(quarantinePaths.Count);
            foreach (var path in quarantinePaths)
            {
                writer.Write(path);
                writer.Write(FileDigest.ComputeSha256(File.ReadAllBytes(path)));
            }

            table.Write(writer);
            writer.Write(result.Diagnostics.Count);
            foreach (var d in result.Diagnostics)
            {
                writer.Write(d.Id);
                writer.Write((int)d.Severity);
                writer.Write(d.Location.Line);
                writer.Write(d.Location.Column);
                writer.Write(d.SuppressionJustification is not null);
                writer.Write(d.SuppressionJustification ?? string.Empty);
                writer.Write(d.SuppressionUntil ?? string.Empty);
                writer.Write(d.Location.File ?? string.Empty);
                writer.Write(d.Message);
            }

            // The verified files in the result's (document) order, each by its place in the table.
            writer.Write(result.VerifiedFiles.Count);
            foreach (var file in result.VerifiedFiles)
            {
                writer.Write(table.IndexOf(file.FullPath));
                writer.Write(file.Role);
                writer.Write(file.ManifestPath);
                writer.Write(file.Sha256);
            }
        }

        var body = stream.ToArray();
        var checksum = SHA256Of(body);
        AtomicFile.WriteIfChanged(options.StatePath, body.Concat(checksum).ToArray());
    }

    /// <summary>
    /// The summary the stamps will read is still the one this state was saved with: its identity is unchanged and older than
    /// the settle time (as cached mode trusts data files), or else its bytes hash to the same digest.
    /// </summary>
    private static bool SummaryUnchanged(GateOptions options, string digest, FileIdentity saved)
    {
        var now = FileIdentity.Read(options.SummaryPath!);
        return (now.Kind == FileKind.Regular && now.Equals(saved) && now.IsSettled(DateTime.UtcNow, options.CacheSettleTime ?? SettleTime.Default))
            || FileDigest.ComputeSha256(options.SummaryPath!) == digest;
    }

    private static void WriteIdentity(BinaryWriter writer, FileIdentity identity)
    {
        var bytes = new byte[FileIdentity.EncodedLength];
        identity.Encode(bytes);
        writer.Write(bytes);
    }

    private static FileIdentity ReadIdentity(BinaryReader reader) => FileIdentity.Decode(reader.ReadBytes(FileIdentity.EncodedLength));

    private static IReadOnlyList<VerifiedFile> ReadVerified(byte[] body, long position, FileTable table)
    {
        using var reader = new BinaryReader(new MemoryStream(body, writable: false), Encoding.UTF8);
        reader.BaseStream.Position = position;
        var files = new VerifiedFile[reader.ReadInt32()];
        for (var i = 0; i < files.Length; i++)
        {
            var index = reader.ReadInt32();
            files[i] = new VerifiedFile(reader.ReadString(), reader.ReadString(), table.FullPath(index), reader.ReadString(), table.Length(index));
        }

        return files;
    }

    /// <summary>A reader positioned after the header, or null when the file is foreign, truncated or fails its checksum.</summary>
    private static BinaryReader? OpenVerified(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32)
        {
            return null;
        }

        var body = bytes.Length - 32;
#if NET
        var expected = System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, body));
#else
        var expected = SHA256Of(new ArraySegment<byte>(bytes, 0, body).ToArray());
#endif
        for (var i = 0; i < 32; i++)
        {
            if (bytes[body + i] != expected[i])
            {
                return null;
            }
        }

        var reader = new BinaryReader(new MemoryStream(bytes, 0, body, writable: false, publiclyVisible: true), Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic))
        {
            reader.Dispose();
            return null;
        }

        return reader;
    }

    private static byte[] SHA256Of(byte[] bytes)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        return sha.ComputeHash(bytes);
    }

    public static void Delete(string? path)
    {
        try
        {
            if (path is not null && File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Everything besides the files that decides the result: the rules' code (the module version id changes with every
    /// change to it, even under the same version number), the settings, and today's date, because suppressions expire.
    /// </summary>
    private static string Key(GateOptions options)
    {
        var text = string.Join(
            "\u001f",
            ToolInformation.Version,
            typeof(GateState).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
            options.ProjectDirectory,
            options.ManifestPath ?? string.Empty,
            options.Mode.ToName(),
            options.Use,
            string.Join("\u001e", options.DataRoots),
            options.QuarantineRecordPaths is null ? "\u0000" : string.Join("\u001e", options.QuarantineRecordPaths),
            string.Join("\u001e", options.Suppressions.Select(s => s.Code + "\u001d" + s.Justification + "\u001d" + s.Until)),
            options.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            options.Limits.MaxFileBytes, options.Limits.MaxDepth, options.Limits.MaxNodes, options.Limits.MaxStringLength,
            options.MaxDataFileBytes);
        return FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(text));
    }

    private static Diagnostic ReadDiagnostic(BinaryReader reader)
    {
        var id = reader.ReadString();
        var descriptor = Rules.All.First(r => r.Id == id);
        var severity = (DiagnosticSeverity)reader.ReadInt32();
        var line = reader.ReadInt32();
        var column = reader.ReadInt32();
        var suppressed = reader.ReadBoolean();
        var justification = reader.ReadString();
        var until = reader.ReadString();
        var file = reader.ReadString();
        var diagnostic = new Diagnostic(descriptor, new SourceLocation(file.Length == 0 ? null : file, line, column), reader.ReadString());
        return suppressed ? diagnostic.AsSuppressed(justification, until) : diagnostic.WithSeverity(severity);
    }
}
