using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>Reads one JSON document with System.Text.Json into the same located tree as YAML.</summary>
internal static class JsonDocumentReader
{
    public static DocumentNode? Read(byte[] utf8, string file, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var lines = new LineMap(utf8);
        var budget = new NodeBudget(limits, file);
        var options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = limits.MaxDepth + 2,
        };
        var reader = new Utf8JsonReader(utf8, options);
        try
        {
            if (!reader.Read())
            {
                throw new DocumentReadException(Rules.NotParseable, new SourceLocation(file, 1, 1), "the file holds no JSON value (it is empty or only comments).");
            }

            var root = ReadValue(ref reader, depth: 1, lines, budget, diagnostics, file);
            if (reader.Read())
            {
                throw new DocumentReadException(Rules.NotParseable, lines.At(file, reader.TokenStartIndex), "text after the end of the JSON document; a manifest or record is exactly one value.");
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new DocumentReadException(Rules.NotParseable, new SourceLocation(file, line, column), "not valid JSON: " + StripPosition(ex.Message));
        }
    }

    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message.Substring(0, at).TrimEnd() : message;
    }

    private static DocumentNode ReadValue(ref Utf8JsonReader reader, int depth, LineMap lines, NodeBudget budget, DiagnosticBag diagnostics, string file)
    {
        var at = lines.At(file, reader.TokenStartIndex);
        budget.CheckDepth(depth, at);
        budget.CountNodes(1, at);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var builder = new MappingBuilder(diagnostics);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyAt = lines.At(file, reader.TokenStartIndex);
                    var name = ReadString(ref reader, keyAt);
                    budget.CheckString(name, keyAt);
                    reader.Read();
                    var value = ReadValue(ref reader, depth + 1, lines, budget, diagnostics, file);
                    builder.Add(new ScalarNode(keyAt, name, ScalarKind.String), value);
                }

                return builder.Build(at);
            case JsonTokenType.StartArray:
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, depth + 1, lines, budget, diagnostics, file));
                }

                return new SequenceNode(at, items);
            case JsonTokenType.String:
                var text = ReadString(ref reader, at);
                budget.CheckString(text, at);
                return new ScalarNode(at, text, ScalarKind.String);
            case JsonTokenType.Number:
                return new ScalarNode(at, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()), ScalarKind.Number);
            case JsonTokenType.True:
                return new ScalarNode(at, "true", ScalarKind.Boolean);
            case JsonTokenType.False:
                return new ScalarNode(at, "false", ScalarKind.Boolean);
            case JsonTokenType.Null:
                return new ScalarNode(at, string.Empty, ScalarKind.Null);
            default:
                throw new DocumentReadException(Rules.NotParseable, at, $"unexpected JSON token {reader.TokenType}.");
        }
    }

    /// <summary>A JSON string; an escape of half a surrogate pair ("\ud800" alone) is no character, so it is PROV002.</summary>
    private static string ReadString(ref Utf8JsonReader reader, SourceLocation at)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw new DocumentReadException(Rules.NotParseable, at, "a string holds an escape for half of a UTF-16 surrogate pair (such as \\ud800 alone), which encodes no character. Write the character itself, or both halves of the pair.");
        }
    }

    /// <summary>Turns a byte offset into a 1-based line and a 1-based column counted in characters.</summary>
    private sealed class LineMap
    {
        private readonly byte[] bytes;
        private readonly List<int> lineStarts = new() { 0 };

        public LineMap(byte[] bytes)
        {
            this.bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    lineStarts.Add(i + 1);
                }
            }
        }

        public SourceLocation At(string file, long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = 1;
            for (var i = lineStarts[line]; i < offset; i++)
            {
                if ((bytes[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            return new SourceLocation(file, line + 1, column);
        }
    }
}
