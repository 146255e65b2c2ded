using System;
using System.IO;
using System.Text;
using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>A document read from disk: its located tree and the exact bytes it came from.</summary>
public sealed class LoadedDocument
{
    public LoadedDocument(string path, byte[] bytes, DocumentNode root)
    {
        Path = path;
        Bytes = bytes;
        Root = root;
    }

    public string Path { get; }

    public byte[] Bytes { get; }

    public DocumentNode Root { get; }
}

/// <summary>Reads a YAML or JSON file (chosen by extension) within <see cref="ReadLimits"/>; never throws for bad input.</summary>
public static class DocumentLoader
{
    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <returns>The document, or null when it could not be read; the reason is in <paramref name="diagnostics"/>.</returns>
    public static LoadedDocument? Load(string path, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var bytes = Read(path, limits, diagnostics);
        return bytes is null ? null : Parse(path, bytes, limits, diagnostics);
    }

    /// <summary>Reads a file's bytes within the size limit; null (with a diagnostic) when it cannot be read.</summary>
    public static byte[]? Read(string path, ReadLimits limits, DiagnosticBag diagnostics)
    {
        try
        {
            return ReadBounded(path, limits);
        }
        catch (DocumentReadException ex)
        {
            diagnostics.Add(ex.ToDiagnostic());
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Rules.NotParseable, new SourceLocation(path), $"the file cannot be read: {ex.Message} Check that it exists and that the build may read it.");
            return null;
        }
    }

    /// <summary>Parses bytes already in memory; used for files and for text read from git.</summary>
    public static LoadedDocument? Parse(string path, byte[] bytes, ReadLimits limits, DiagnosticBag diagnostics)
    {
        try
        {
            var text = Decode(bytes, path, out var utf8);
            RejectControlCharacters(text, path);
            var root = IsJson(path)
                ? JsonDocumentReader.Read(utf8, path, limits, diagnostics)
                : YamlDocumentReader.Read(text, path, limits, diagnostics);
            return root is null ? null : new LoadedDocument(path, bytes, root);
        }
        catch (DocumentReadException ex)
        {
            diagnostics.Add(ex.ToDiagnostic());
            return null;
        }
    }

    /// <summary>YAML 1.2 and JSON allow no raw C0 control character but tab, line feed and carriage return: such a file is not text.</summary>
    private static void RejectControlCharacters(string text, string path)
    {
        var line = 1;
        var column = 1;
        foreach (var c in text)
        {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            {
                throw new DocumentReadException(Rules.NotParseable, new SourceLocation(path, line, column), $"the file holds the control character U+{(int)c:X4}, so it is not YAML or JSON text (binary data, or a corrupted file).");
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
    }

    private static byte[] ReadBounded(string path, ReadLimits limits)
    {
        var opened = Files.RegularFile.OpenRead(Path.GetFullPath(path));
        if (opened.File is null)
        {
            throw new DocumentReadException(Rules.NotParseable, new SourceLocation(path), $"the file cannot be read: {Files.RegularFile.Describe(opened)}. Name a regular YAML or JSON file.");
        }

        using var file = opened.File;
        using var stream = file.OpenRead();
        int read;
        if (stream.CanSeek && stream.Length > limits.MaxFileBytes)
        {
            throw new DocumentReadException(Rules.LimitExceeded, new SourceLocation(path), $"the file is {stream.Length:N0} bytes; the limit is {limits.MaxFileBytes:N0}. Raise ProvenanceMaxManifestBytes if the file is genuine.");
        }

        if (stream.CanSeek)
        {
            // The common case: one read into a buffer of the file's size, then a check that nothing was appended since.
            var whole = new byte[stream.Length];
            var filled = 0;
            while (filled < whole.Length && (read = stream.Read(whole, filled, whole.Length - filled)) > 0)
            {
                filled += read;
            }

            if (filled == whole.Length && stream.Read(new byte[1], 0, 1) == 0)
            {
                return whole;
            }

            stream.Position = 0;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limits.MaxFileBytes)
            {
                throw new DocumentReadException(Rules.LimitExceeded, new SourceLocation(path), $"the file is larger than the limit of {limits.MaxFileBytes:N0} bytes. Raise ProvenanceMaxManifestBytes if the file is genuine.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Decode(byte[] bytes, string path, out byte[] utf8)
    {
        try
        {
            if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                var utf16 = new UnicodeEncoding(bigEndian: bytes[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true);
                var decoded = utf16.GetString(bytes, 2, bytes.Length - 2);
                utf8 = Encoding.UTF8.GetBytes(decoded);
                return decoded;
            }

            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
            utf8 = offset == 0 ? bytes : Encoding.UTF8.GetBytes(text);
            return text;
        }
        catch (DecoderFallbackException ex)
        {
            var bad = ex.Index >= 0 ? ex.Index : 0;
            var line = 1;
            for (var i = 0; i < bad && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            throw new DocumentReadException(Rules.NotParseable, new SourceLocation(path, line, 1), $"the file is not valid UTF-8 text (bad byte near offset {bad}). Save it as UTF-8.");
        }
    }
}
