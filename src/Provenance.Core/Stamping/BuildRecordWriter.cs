using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Provenance.Stamping;

/// <summary>What a build record states beyond the gate summary.</summary>
public sealed class BuildRecordInput
{
    public IReadOnlyList<StampedFile> ModelArtifacts { get; set; } = Array.Empty<StampedFile>();

    /// <summary>The subject when there is no model artifact: the model card.</summary>
    public StampedFile? ModelCard { get; set; }

    public StampedFile? TrainingConfiguration { get; set; }

    public IReadOnlyList<StampedFile> EvaluationSets { get; set; } = Array.Empty<StampedFile>();

    public CodeVersion CodeVersion { get; set; } = new(null, null, "unknown");

    public string ToolVersion { get; set; } = "0.0.0";

    /// <summary>The manifest path as the record prints it (relative to the project, '/' separated).</summary>
    public string ManifestName { get; set; } = "provenance.yaml";

    public DateTimeOffset BuildTime { get; set; }

    /// <summary>The project that built the model, relative to the record's folder; null when unknown.</summary>
    public string? Project { get; set; }
}

/// <summary>
/// Writes the build record: an in-toto Statement v1 whose subjects are the model artifacts and whose predicate
/// (<see cref="PredicateType"/>, documented in docs/build-record.md) links them to the manifest hash and the evidence.
/// Unsigned; ready for sigstore/cosign to sign.
/// </summary>
public static class BuildRecordWriter
{
    /// <summary>The project an existing record names, or null.</summary>
    public static string? ReadProject(string record)
    {
        try
        {
            using var document = JsonDocument.Parse(record);
            return document.RootElement.TryGetProperty("predicate", out var predicate) && predicate.TryGetProperty("project", out var project) ? project.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The buildTime of an existing record, so a build that changed nothing else can keep it.</summary>
    public static bool TryReadBuildTime(string record, out DateTimeOffset buildTime)
    {
        buildTime = default;
        try
        {
            using var document = JsonDocument.Parse(record);
            return document.RootElement.TryGetProperty("predicate", out var predicate)
                && predicate.TryGetProperty("buildTime", out var time)
                && DateTimeOffset.TryParseExact(time.GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out buildTime);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://github.com/provenance-build/Provenance.Build/blob/main/docs/build-record.md#v1";

    /// <summary>SOURCE_DATE_EPOCH when set (reproducible builds), else now.</summary>
    public static DateTimeOffset ResolveBuildTime(string? sourceDateEpoch, DateTimeOffset now) =>
        long.TryParse(sourceDateEpoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : now;

    public static string Render(GateSummary summary, BuildRecordInput input)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("_type", StatementType);
            json.WriteStartArray("subject");
            var subjects = input.ModelArtifacts.Count > 0 ? input.ModelArtifacts : input.ModelCard is null ? Array.Empty<StampedFile>() : new[] { input.ModelCard };
            foreach (var subject in subjects)
            {
                WriteFile(json, subject);
            }

            json.WriteEndArray();
            json.WriteString("predicateType", PredicateType);
            json.WriteStartObject("predicate");
            json.WriteString("buildTime", input.BuildTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (input.Project is not null)
            {
                json.WriteString("project", input.Project);
            }

            json.WriteStartObject("tool");
            json.WriteString("name", "Provenance.Build");
            json.WriteString("version", input.ToolVersion);
            json.WriteEndObject();

            json.WriteStartObject("codeVersion");
            WriteNullable(json, "revision", input.CodeVersion.Revision);
            if (input.CodeVersion.Dirty is bool dirty)
            {
                json.WriteBoolean("dirty", dirty);
            }
            else
            {
                json.WriteNull("dirty");
            }

            json.WriteString("source", input.CodeVersion.Source);
            json.WriteEndObject();

            json.WriteStartObject("manifest");
            json.WriteString("path", input.ManifestName);
            json.WriteStartObject("digest");
            WriteNullable(json, "sha256", summary.ManifestHash?.Substring("sha256:".Length));
            json.WriteEndObject();
            json.WriteEndObject();

            WriteNullable(json, "dataset", summary.Dataset);
            WriteNullable(json, "modelBuild", summary.ModelBuild);
            WriteNullable(json, "reviewerStatus", summary.ReviewerStatus);
            WriteStrings(json, "unresolvedRisks", summary.UnresolvedRisks);
            WriteNullable(json, "rightsBasis", summary.RightsBasis);
            WriteStrings(json, "sources", summary.Sources.Select(s => s.Id));
            WriteStrings(json, "transforms", summary.Transforms);
            WriteNullable(json, "exclusionReport", summary.ExclusionReport);

            json.WriteStartArray("dataFiles");
            foreach (var file in summary.Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Path);
                json.WriteStartObject("digest");
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
                if (file.Attestation is not null)
                {
                    // Not read by this build: a signed verification attestation vouched for these bytes.
                    json.WriteStartObject("verifiedBy");
                    json.WriteString("attestation", file.Attestation);
                    json.WriteString("keyId", file.AttestationKeyId);
                    json.WriteString("verifiedAt", file.AttestationTime);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("trainingConfiguration");
            if (input.TrainingConfiguration is null)
            {
                json.WriteNullValue();
            }
            else
            {
                WriteFile(json, input.TrainingConfiguration);
            }

            json.WriteStartArray("evaluationSets");
            foreach (var set in input.EvaluationSets)
            {
                WriteFile(json, set);
            }

            json.WriteEndArray();
            json.WriteStartArray("modelArtifacts");
            foreach (var artifact in input.ModelArtifacts)
            {
                WriteFile(json, artifact);
            }

            json.WriteEndArray();
            json.WriteStartArray("quarantineHistory");
            foreach (var entry in summary.QuarantineHistory)
            {
                json.WriteStartObject();
                json.WriteString("record", entry.File);
                WriteNullable(json, "id", entry.Id);
                WriteNullable(json, "sourceRecord", entry.SourceRecord);
                json.WriteString("status", entry.Status);
                WriteNullable(json, "trigger", entry.Trigger);
                WriteStrings(json, "blockedUses", entry.BlockedUses);
                WriteStrings(json, "allowedUses", entry.AllowedUses);
                WriteNullable(json, "exitCondition", entry.ExitCondition);
                WriteNullable(json, "openedAt", entry.OpenedAt);
                WriteNullable(json, "liftedAt", entry.LiftedAt);
                json.WriteStartArray("exitEvidence");
                foreach (var evidence in entry.ExitEvidence)
                {
                    WriteFile(json, new StampedFile(evidence.Path, evidence.Sha256));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("changesSinceBaseline");
            if (summary.Baseline is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartObject();
                json.WriteString("baseline", summary.Baseline);
                json.WriteStartArray("changes");
                foreach (var change in summary.Changes)
                {
                    json.WriteStartObject();
                    json.WriteString("kind", change.Kind);
                    json.WriteString("subject", change.Subject);
                    WriteNullable(json, "before", change.Before);
                    WriteNullable(json, "after", change.After);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartObject("gate");
            json.WriteString("mode", summary.Mode);
            json.WriteString("use", summary.Use);
            json.WriteBoolean("passed", summary.Passed);
            WriteStrings(json, "openGaps", summary.OpenGaps.Select(g => g.Code));
            json.WriteStartArray("suppressedGaps");
            foreach (var gap in summary.Suppressed)
            {
                json.WriteStartObject();
                json.WriteString("code", gap.Code);
                if (gap.File is not null)
                {
                    json.WriteString("file", gap.File);
                    json.WriteNumber("line", gap.Line);
                    json.WriteNumber("column", gap.Column);
                }

                json.WriteString("message", gap.Message);
                json.WriteString("justification", gap.Justification);
                if (gap.Until is not null)
                {
                    json.WriteString("until", gap.Until);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteFile(Utf8JsonWriter json, StampedFile file)
    {
        json.WriteStartObject();
        json.WriteString("name", file.Name);
        json.WriteStartObject("digest");
        json.WriteString("sha256", file.Sha256);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
