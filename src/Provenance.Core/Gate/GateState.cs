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
    private const string Header = "provenance-gate-state v1";

    public static GateResult? TryReplay(GateOptions options, string manifestPath, byte[] manifestBytes, IReadOnlyList<string> quarantinePaths)
    {
        // A baseline such as origin/main moves without any local file changing: compare it every time.
        if (options.StatePath is null || options.SummaryPath is null || options.VerifyDigests != DigestVerification.Cached || !File.Exists(options.StatePath) || !string.IsNullOrWhiteSpace(options.Baseline))
        {
            return null;
        }

        try
        {
            var lines = ReadVerified(options.StatePath);
            if (lines is null || lines.Length < 2 || lines[0] != Header)
            {
                return null;
            }

            var expectedQuarantine = new List<string>();
            var diagnostics = new List<Diagnostic>();
            var files = new List<string[]>();
            string? manifestHash = null;
            string? reviewerStatus = null;
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i];
                var space = line.IndexOf(' ');
                var kind = line.Substring(0, space);
                var fields = line.Substring(space + 1).Split('\t');
                switch (kind)
                {
                    case "key" when fields[0] != Key(options):
                    case "manifest" when fields[0] != manifestPath || fields[1] != FileDigest.ComputeSha256(manifestBytes):
                    case "summary" when !File.Exists(options.SummaryPath) || fields[0] != FileDigest.ComputeSha256(File.ReadAllBytes(options.SummaryPath)):
                        return null;
                    case "result":
                        manifestHash = fields[0];
                        reviewerStatus = fields[1].Length == 0 ? null : fields[1];
                        break;
                    case "quarantine":
                        if (!File.Exists(fields[0]) || fields[1] != FileDigest.ComputeSha256(File.ReadAllBytes(fields[0])))
                        {
                            return null;
                        }

                        expectedQuarantine.Add(fields[0]);
                        break;
                    case "file":
                        files.Add(fields);
                        break;
                    case "diagnostic":
                        diagnostics.Add(ParseDiagnostic(fields));
                        break;
                }
            }

            if (!expectedQuarantine.SequenceEqual(quarantinePaths, StringComparer.Ordinal) || manifestHash is null || !AllUnchanged(files, options))
            {
                return null;
            }

            var statistics = new VerificationStatistics();
            var verified = new List<VerifiedFile>();
            foreach (var fields in files)
            {
                var length = long.Parse(fields[1], CultureInfo.InvariantCulture);
                statistics.CountCached(length);
                if (fields[6].Length == 64)
                {
                    verified.Add(new VerifiedFile(fields[7], fields[8], fields[9], fields[6], length));
                }
            }

            return new GateResult(options, manifestPath, null, manifestHash, diagnostics, verified, Array.Empty<Quarantine.QuarantineHistoryEntry>(), statistics)
            {
                ReviewerStatus = reviewerStatus,
                Replayed = true,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    public static void Save(GateOptions options, GateResult result, byte[] manifestBytes, IReadOnlyList<string> quarantinePaths, IEnumerable<KeyValuePair<string, FileIdentity>> observed)
    {
        if (options.StatePath is null || options.SummaryPath is null)
        {
            return;
        }

        if (!result.Passed || result.ManifestPath is null || result.ManifestHash is null || !File.Exists(options.SummaryPath))
        {
            Delete(options.StatePath);
            return;
        }

        var verified = new Dictionary<string, VerifiedFile>(StringComparer.Ordinal);
        foreach (var file in result.VerifiedFiles)
        {
            verified[file.FullPath] = file;
        }

        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("key ").Append(Key(options)).Append('\n');
        text.Append("manifest ").Append(Clean(result.ManifestPath)).Append('\t').Append(FileDigest.ComputeSha256(manifestBytes)).Append('\n');
        text.Append("summary ").Append(FileDigest.ComputeSha256(File.ReadAllBytes(options.SummaryPath))).Append('\n');
        text.Append("result ").Append(result.ManifestHash).Append('\t').Append(Clean(result.ReviewerStatus ?? string.Empty)).Append('\n');
        foreach (var path in quarantinePaths)
        {
            text.Append("quarantine ").Append(Clean(path)).Append('\t').Append(FileDigest.ComputeSha256(File.ReadAllBytes(path))).Append('\n');
        }

        // One line per file the gate looked at: its identity, and for a verified file its digest, role and manifest path.
        // Verified files first, in the result's (document) order, so a replay returns them in the same order.
        var order = result.VerifiedFiles.Select((f, i) => (f.FullPath, i)).GroupBy(x => x.FullPath).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        foreach (var pair in observed.OrderBy(p => order.TryGetValue(p.Key, out var i) ? i : int.MaxValue).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var id = pair.Value;
            verified.TryGetValue(pair.Key, out var file);
            text.Append("file ").Append(string.Join("\t", (int)id.Kind, id.Length, id.LastWriteNanoseconds, id.ChangeNanoseconds, id.Inode, id.Device, file?.Sha256 ?? "-", Clean(file?.Role ?? "-"), Clean(file?.ManifestPath ?? "-"), Clean(pair.Key))).Append('\n');
        }

        foreach (var d in result.Diagnostics)
        {
            text.Append("diagnostic ").Append(string.Join("\t", d.Id, (int)d.Severity, d.Location.Line, d.Location.Column, Clean(d.SuppressionJustification ?? "\u0000"), Clean(d.Location.File ?? string.Empty), Clean(d.Message))).Append('\n');
        }

        var body = text.ToString();
        if (body.IndexOf('\u0001') >= 0)
        {
            // A path held a tab or a line break: not representable, so no state (the next run is a full one).
            Delete(options.StatePath);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        AtomicFile.WriteIfChanged(options.StatePath, body + "checksum " + FileDigest.ComputeSha256(bytes) + "\n");
    }

    /// <summary>The lines before the checksum line, or null when the checksum does not match the bytes.</summary>
    private static string[]? ReadVerified(string path)
    {
        var bytes = File.ReadAllBytes(path);
        const int checksumLine = 9 + 64 + 1; // "checksum " + 64 hex + "\n"
        if (bytes.Length < checksumLine || bytes[bytes.Length - 1] != (byte)'\n')
        {
            return null;
        }

        var bodyLength = bytes.Length - checksumLine;
        var expected = "checksum " + FileDigest.ComputeSha256(new MemoryStream(bytes, 0, bodyLength, writable: false)) + "\n";
        if (Encoding.ASCII.GetString(bytes, bodyLength, checksumLine) != expected)
        {
            return null;
        }

        return Encoding.UTF8.GetString(bytes, 0, bodyLength - 1).Split('\n');
    }

    /// <summary>Stats every file, on every core: one changed identity means the result cannot be replayed.</summary>
    private static bool AllUnchanged(List<string[]> files, GateOptions options)
    {
        var unchanged = true;
        System.Threading.Tasks.Parallel.For(0, files.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) }, (i, loop) =>
        {
            var fields = files[i];
            if (!Parse(fields).Equals(FileIdentity.Read(fields[9])))
            {
                unchanged = false;
                loop.Stop();
            }
        });
        return unchanged;
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

    /// <summary>Everything besides the files that decides the result; today's date is in it because suppressions expire.</summary>
    private static string Key(GateOptions options)
    {
        var text = string.Join(
            "\u001f",
            ToolInformation.Version,
            options.ProjectDirectory,
            options.ManifestPath ?? string.Empty,
            options.Mode.ToName(),
            options.Use,
            string.Join("\u001e", options.DataRoots),
            options.QuarantineRecordPaths is null ? "\u0000" : string.Join("\u001e", options.QuarantineRecordPaths),
            string.Join("\u001e", options.Suppressions.Select(s => s.Code + "\u001d" + s.Justification + "\u001d" + s.Until)),
            options.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            options.Limits.MaxFileBytes, options.Limits.MaxDepth, options.Limits.MaxNodes, options.Limits.MaxStringLength);
        return FileDigest.ComputeSha256(Encoding.UTF8.GetBytes(text));
    }

    private static string Clean(string value) =>
        value.IndexOf('\t') >= 0 || value.IndexOf('\n') >= 0 || value.IndexOf('\r') >= 0 ? "\u0001" : value;

    private static FileIdentity Parse(string[] fields) => new(
        (FileKind)int.Parse(fields[0], CultureInfo.InvariantCulture),
        long.Parse(fields[1], CultureInfo.InvariantCulture),
        long.Parse(fields[2], CultureInfo.InvariantCulture),
        long.Parse(fields[3], CultureInfo.InvariantCulture),
        ulong.Parse(fields[4], CultureInfo.InvariantCulture),
        ulong.Parse(fields[5], CultureInfo.InvariantCulture));

    private static Diagnostic ParseDiagnostic(string[] fields)
    {
        var descriptor = Rules.All.First(r => r.Id == fields[0]);
        var file = fields[5].Length == 0 ? null : fields[5];
        var diagnostic = new Diagnostic(descriptor, new SourceLocation(file, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture)), fields[6]);
        return fields[4] != "\u0000"
            ? diagnostic.AsSuppressed(fields[4])
            : diagnostic.WithSeverity((DiagnosticSeverity)int.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
