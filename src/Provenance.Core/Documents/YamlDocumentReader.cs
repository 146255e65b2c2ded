using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Provenance.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Provenance.Documents;

/// <summary>
/// Reads one YAML document into a <see cref="DocumentNode"/> tree with the line and column of every node.
/// Works on parser events, not the representation model, so limits apply before anything is materialised
/// and aliases are shared, never copied.
/// </summary>
internal static class YamlDocumentReader
{
    private static readonly Regex PlainNumber = new(@"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o[0-7]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant);

    public static DocumentNode? Read(string text, string file, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var budget = new NodeBudget(limits, file);
        Context? context = null;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                throw new DocumentReadException(Rules.NotParseable, new SourceLocation(file, 1, 1), "the file holds no YAML document (it is empty or only comments).");
            }

            parser.Consume<DocumentStart>();
            context = new Context(parser, budget, diagnostics);
            var root = context.ReadNode(depth: 1);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new DocumentReadException(Rules.NotParseable, budget.At((int)second.Start.Line, (int)second.Start.Column), "the file holds more than one YAML document ('---'); a manifest or record is exactly one document.");
            }

            return root;
        }
        catch (YamlException ex)
        {
            throw new DocumentReadException(Rules.NotParseable, budget.At((int)ex.Start.Line, (int)ex.Start.Column), "not valid YAML: " + StripPosition(ex.Message));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException || ex.GetType() == typeof(Exception))
        {
            // YamlDotNet's scanner sometimes throws these instead of a YamlException on malformed input
            // (aaubry/YamlDotNet#541): still a document that cannot be parsed, reported where reading stopped.
            throw new DocumentReadException(Rules.NotParseable, context?.LastLocation ?? budget.At(1, 1), $"not valid YAML: the parser stopped after this point ({ex.Message}). Check the brackets, quotes and indentation that follow.");
        }
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: ..., Col: ..., Idx: ...): "; the location is reported separately.
        var at = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && at > 0 ? message.Substring(at + 3) : message;
    }

    private static ScalarKind Resolve(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            return ScalarKind.String;
        }

        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value == "tag:yaml.org,2002:str" ? ScalarKind.String : ScalarKind.String;
        }

        switch (scalar.Value)
        {
            case "":
            case "~":
            case "null":
            case "Null":
            case "NULL":
                return ScalarKind.Null;
            case "true":
            case "True":
            case "TRUE":
            case "false":
            case "False":
            case "FALSE":
                return ScalarKind.Boolean;
        }

        return PlainNumber.IsMatch(scalar.Value) ? ScalarKind.Number : ScalarKind.String;
    }

    private sealed class Context
    {
        private readonly IParser parser;
        private readonly NodeBudget budget;
        private readonly DiagnosticBag diagnostics;
        private readonly Dictionary<string, (DocumentNode Node, long Size)> anchors = new(StringComparer.Ordinal);
        private long size;

        public SourceLocation? LastLocation { get; private set; }

        public Context(IParser parser, NodeBudget budget, DiagnosticBag diagnostics)
        {
            this.parser = parser;
            this.budget = budget;
            this.diagnostics = diagnostics;
        }

        public DocumentNode ReadNode(int depth)
        {
            var start = parser.Current ?? throw new InvalidOperationException("The YAML parser ended inside a document.");
            var at = budget.At((int)start.Start.Line, (int)start.Start.Column);
            LastLocation = at;
            budget.CheckDepth(depth, at);

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new DocumentReadException(Rules.NotParseable, at, $"alias '*{alias.Value.Value}' refers to no anchor defined before it.");
                }

                budget.CountNodes(target.Size, at);
                size += target.Size;
                return target.Node;
            }

            var sizeBefore = size;
            budget.CountNodes(1, at);
            size++;
            DocumentNode node;
            AnchorName anchor;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                budget.CheckString(scalar.Value, at);
                anchor = scalar.Anchor;
                node = new ScalarNode(at, scalar.Value, Resolve(scalar));
            }
            else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                anchor = sequenceStart.Anchor;
                var items = new List<DocumentNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(depth + 1));
                }

                node = new SequenceNode(at, items);
            }
            else if (parser.TryConsume<MappingStart>(out var mappingStart))
            {
                anchor = mappingStart.Anchor;
                var builder = new MappingBuilder(diagnostics);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(depth + 1);
                    var value = ReadNode(depth + 1);
                    if (keyNode is ScalarNode key)
                    {
                        builder.Add(key, value);
                    }
                    else
                    {
                        diagnostics.Add(Rules.InvalidValue, keyNode.Location, $"a key must be a plain name, not a {keyNode.KindName}.");
                    }
                }

                node = builder.Build(at);
            }
            else
            {
                throw new DocumentReadException(Rules.NotParseable, at, $"unexpected YAML event {start.GetType().Name}.");
            }

            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (node, size - sizeBefore);
            }

            return node;
        }
    }
}
