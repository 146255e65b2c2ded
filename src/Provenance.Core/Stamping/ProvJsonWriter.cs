using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Provenance.Stamping;

/// <summary>
/// The data story as W3C PROV-JSON: sources as entities, transforms as activities chained in order (each uses the previous
/// step's output, the first uses the sources, the last generates the dataset), the reviewer and the pipeline as agents,
/// and the model as an entity derived from the dataset.
/// </summary>
public static class ProvJsonWriter
{
    public const string Namespace = "https://github.com/provenance-build/Provenance.Build/ns#";

    public static string Render(GateSummary summary, IReadOnlyList<StampedFile> modelArtifacts)
    {
        var entities = new List<(string Id, Dictionary<string, object?> Attributes)>();
        var activities = new List<(string Id, Dictionary<string, object?> Attributes)>();
        var used = new List<(string Activity, string Entity)>();
        var generated = new List<(string Entity, string Activity)>();
        var dataset = "pb:dataset/" + Id(summary.Dataset ?? "dataset");
        var pipeline = "pb:agent/pipeline";
        var reviewer = "pb:agent/reviewer/" + Id(summary.ReviewedBy ?? "reviewer");

        foreach (var source in summary.Sources)
        {
            entities.Add(("pb:source/" + Id(source.Id), new Dictionary<string, object?>
            {
                ["prov:type"] = "pb:SourceRecord",
                ["prov:label"] = source.Id,
                ["pb:role"] = source.Role ?? "data",
                ["pb:rightsBasis"] = source.RightsBasis ?? summary.RightsBasis,
            }));
        }

        var previous = summary.Sources.Select(s => "pb:source/" + Id(s.Id)).ToList();
        for (var i = 0; i < summary.Transforms.Count; i++)
        {
            var transform = summary.Transforms[i];
            var activity = $"pb:transform/{i + 1}/{Id(transform.Split(' ')[0])}";
            activities.Add((activity, new Dictionary<string, object?> { ["prov:type"] = "pb:Transform", ["prov:label"] = transform, ["pb:order"] = i + 1 }));
            used.AddRange(previous.Select(entity => (activity, entity)));
            var output = i == summary.Transforms.Count - 1 ? dataset : $"pb:intermediate/{i + 1}";
            if (output != dataset)
            {
                entities.Add((output, new Dictionary<string, object?> { ["prov:type"] = "pb:IntermediateData", ["prov:label"] = "output of " + transform }));
            }

            generated.Add((output, activity));
            previous = new List<string> { output };
        }

        var artifact = summary.Files.FirstOrDefault(f => f.Role == "artifact");
        entities.Add((dataset, new Dictionary<string, object?>
        {
            ["prov:type"] = "pb:Dataset",
            ["prov:label"] = summary.Dataset,
            ["pb:manifest"] = summary.ManifestHash,
            ["pb:reviewerStatus"] = summary.ReviewerStatus,
            ["pb:unresolvedRisks"] = summary.UnresolvedRisks,
            ["pb:exclusionReport"] = summary.ExclusionReport,
            ["pb:sha256"] = artifact?.Sha256,
        }));
        var model = "pb:model/" + Id(summary.ModelBuild ?? "model");
        entities.Add((model, new Dictionary<string, object?>
        {
            ["prov:type"] = "pb:Model",
            ["prov:label"] = summary.ModelBuild ?? "model",
            ["pb:artifacts"] = modelArtifacts.Select(a => a.Name + " sha256:" + a.Sha256).ToList(),
        }));

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("prefix");
            json.WriteString("prov", "http://www.w3.org/ns/prov#");
            json.WriteString("pb", Namespace);
            json.WriteEndObject();
            WriteNodes(json, "entity", entities);
            WriteNodes(json, "activity", activities);
            WriteNodes(json, "agent", new List<(string, Dictionary<string, object?>)>
            {
                (pipeline, new Dictionary<string, object?> { ["prov:type"] = "prov:SoftwareAgent", ["prov:label"] = "data pipeline" }),
                (reviewer, new Dictionary<string, object?> { ["prov:type"] = "prov:Person", ["prov:label"] = summary.ReviewedBy ?? "reviewer", ["pb:reviewerStatus"] = summary.ReviewerStatus, ["pb:reviewedAt"] = summary.ReviewedAt }),
            });
            WriteRelations(json, "used", "u", used.Select(u => new[] { ("prov:activity", u.Activity), ("prov:entity", u.Entity) }));
            WriteRelations(json, "wasGeneratedBy", "g", generated.Select(g => new[] { ("prov:entity", g.Entity), ("prov:activity", g.Activity) }));
            WriteRelations(json, "wasAssociatedWith", "a", activities.Select(a => new[] { ("prov:activity", a.Id), ("prov:agent", pipeline) }));
            WriteRelations(json, "wasAttributedTo", "t", new[] { new[] { ("prov:entity", dataset), ("prov:agent", reviewer) } });
            WriteRelations(json, "wasDerivedFrom", "d", new[] { new[] { ("prov:generatedEntity", model), ("prov:usedEntity", dataset) } });
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteNodes(Utf8JsonWriter json, string name, List<(string Id, Dictionary<string, object?> Attributes)> nodes)
    {
        json.WriteStartObject(name);
        foreach (var (id, attributes) in nodes)
        {
            json.WriteStartObject(id);
            foreach (var attribute in attributes.Where(a => a.Value is not null))
            {
                json.WritePropertyName(attribute.Key);
                switch (attribute.Value)
                {
                    case int number:
                        json.WriteNumberValue(number);
                        break;
                    case IEnumerable<string> list:
                        json.WriteStartArray();
                        foreach (var item in list)
                        {
                            json.WriteStringValue(item);
                        }

                        json.WriteEndArray();
                        break;
                    default:
                        json.WriteStringValue(attribute.Value!.ToString());
                        break;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteRelations(Utf8JsonWriter json, string name, string prefix, IEnumerable<(string Key, string Value)[]> relations)
    {
        json.WriteStartObject(name);
        var index = 1;
        foreach (var relation in relations)
        {
            json.WriteStartObject($"_:{prefix}{index++}");
            foreach (var (key, value) in relation)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string Id(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '@' ? c : '_');
        }

        return builder.ToString();
    }
}
