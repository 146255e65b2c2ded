using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenance.Diagnostics;

namespace Provenance.Reporting;

/// <summary>
/// Writes diagnostics as a SARIF 2.1.0 log: one result per diagnostic with its rule, help URI, level and region, so code
/// scanning annotates the manifest line. Paths are relative to <c>baseDirectory</c> (the repository root) when inside it.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Write(IReadOnlyList<Diagnostic> diagnostics, string baseDirectory)
    {
        var rules = diagnostics.Select(d => d.Descriptor).Distinct().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "Provenance.Build");
            json.WriteString("semanticVersion", ToolInformation.Version);
            json.WriteString("informationUri", "https://github.com/provenance-build/Provenance.Build");
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title);
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpLink);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("SRCROOT");
            json.WriteString("uri", new Uri(WithSeparator(Path.GetFullPath(baseDirectory))).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", diagnostic.Id);
                json.WriteNumber("ruleIndex", rules.IndexOf(diagnostic.Descriptor));
                json.WriteString("level", Level(diagnostic.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", diagnostic.Message);
                json.WriteEndObject();
                if (diagnostic.Location.File is not null)
                {
                    json.WriteStartArray("locations");
                    json.WriteStartObject();
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    WriteUri(json, diagnostic.Location.File, baseDirectory);
                    json.WriteEndObject();
                    if (diagnostic.Location.Line > 0)
                    {
                        json.WriteStartObject("region");
                        json.WriteNumber("startLine", diagnostic.Location.Line);
                        json.WriteNumber("startColumn", Math.Max(1, diagnostic.Location.Column));
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                if (diagnostic.IsSuppressed)
                {
                    json.WriteStartArray("suppressions");
                    json.WriteStartObject();
                    json.WriteString("kind", "external");
                    json.WriteString("justification", diagnostic.SuppressionJustification);
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteUri(Utf8JsonWriter json, string file, string baseDirectory)
    {
        var full = Path.GetFullPath(file);
        var root = WithSeparator(Path.GetFullPath(baseDirectory));
        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            json.WriteString("uri", string.Join("/", full.Substring(root.Length).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", "SRCROOT");
        }
        else
        {
            json.WriteString("uri", new Uri(full).AbsoluteUri);
        }
    }

    private static string WithSeparator(string path) => path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
