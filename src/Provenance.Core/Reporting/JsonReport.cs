using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenance.Diagnostics;
using Provenance.Gate;

namespace Provenance.Reporting;

/// <summary>The gate's result as plain JSON, for scripts: passed, manifest hash, and every diagnostic.</summary>
public static class JsonReport
{
    public static string Write(GateResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", result.Passed);
            json.WriteString("manifest", result.ManifestPath);
            json.WriteString("manifestHash", result.ManifestHash);
            json.WriteString("reviewerStatus", result.ReviewerStatus);
            json.WriteString("use", result.Use);
            json.WriteString("mode", result.Mode.ToName());
            json.WriteStartArray("diagnostics");
            foreach (var d in result.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", d.Id);
                json.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
                json.WriteString("file", d.Location.File);
                json.WriteNumber("line", d.Location.Line);
                json.WriteNumber("column", d.Location.Column);
                json.WriteString("message", d.Message);
                json.WriteString("helpUri", d.Descriptor.HelpLink);
                if (d.IsSuppressed)
                {
                    json.WriteString("suppressedBecause", d.SuppressionJustification);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
