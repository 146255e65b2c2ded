using System.Collections.Generic;
using System.Text.RegularExpressions;
using Provenance.Diagnostics;
using Provenance.Documents;

namespace Provenance.Manifests;

/// <summary>Maps a located document tree onto <see cref="ProvenanceManifest"/>, reporting types and unknown fields.</summary>
public static class ManifestReader
{
    /// <summary>The fields of each part of a manifest, for the JSON Schema and its test.</summary>
    public static IReadOnlyDictionary<string, string[]> FieldsByPart => new Dictionary<string, string[]>
    {
        ["manifest"] = TopLevelFields,
        ["source"] = SourceFields,
        ["transform"] = TransformFields,
        ["file"] = FileFields,
        ["exclusion_report"] = ExclusionFields,
    };

    private static readonly string[] TopLevelFields =
    {
        "manifest_version", "dataset", "created_at", "model_build", "description", "source_records", "rights_basis", "transforms",
        "exclusion_report", "reviewer_status", "reviewed_by", "reviewed_at", "unresolved_risks", "resolved_risks", "sha256", "artifact", "files", "croissant",
    };

    private static readonly string[] SourceFields = { "id", "role", "rights_basis", "reviewer_status", "path", "sha256", "description" };
    private static readonly string[] TransformFields = { "name", "version", "params", "inputs", "description" };
    private static readonly string[] FileFields = { "path", "sha256" };
    private static readonly string[] ExclusionFields = { "path", "sha256", "removed_records", "description" };

    private static readonly Regex VersionedName = new(@"^(?<name>.+?)-v(?<version>\d+(?:\.\d+)*)$", RegexOptions.CultureInvariant);
    // A number (2, v2, 1.4), a semantic version (1.2.0, 2.0.0-rc.1+build.5) or a git commit id (7 to 40 hex digits).
    private static readonly Regex VersionText = new(@"^(?:v?(?<version>\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)|(?<version>[0-9a-f]{7,40}))$", RegexOptions.CultureInvariant);

    public static ProvenanceManifest? Read(LoadedDocument document, DiagnosticBag diagnostics)
    {
        if (document.Root is not MappingNode root)
        {
            diagnostics.Add(Rules.InvalidValue, document.Root.Location, $"a manifest is a map of fields (dataset, source_records, ...), not a {document.Root.KindName}.");
            return null;
        }

        var fields = new MappingReader(root, "the manifest", diagnostics, TopLevelFields);
        var manifest = new ProvenanceManifest
        {
            Path = document.Path,
            Location = root.Location,
            Dataset = fields.String("dataset"),
            CreatedAt = Date(fields, "created_at", diagnostics),
            ModelBuild = fields.String("model_build"),
            Description = fields.String("description"),
            RightsBasis = fields.String("rights_basis"),
            ReviewedBy = fields.String("reviewed_by"),
            ReviewedAt = Date(fields, "reviewed_at", diagnostics),
            UnresolvedRisks = MappingReader.Strings(fields.Sequence("unresolved_risks"), "an unresolved risk", diagnostics),
        };

        var version = fields.String("manifest_version");
        if (version is not null && version.Value != "1")
        {
            diagnostics.Add(Rules.InvalidValue, version.Location, $"manifest_version '{version.Value}' is not supported; this version of Provenance.Build reads manifest_version 1.");
        }

        (manifest.ReviewerStatusText, manifest.ReviewerStatus) = Status(fields, "the manifest", diagnostics);

        var sources = fields.Sequence("source_records");
        manifest.SourceRecordsLocation = sources?.Location;
        manifest.SourceRecords = ReadSources(sources, diagnostics);

        var transforms = fields.Sequence("transforms");
        manifest.TransformsLocation = transforms?.Location;
        manifest.Transforms = ReadTransforms(transforms, diagnostics);

        manifest.ExclusionReport = ReadExclusionReport(fields, diagnostics);

        var sha256 = fields.String("sha256");
        var artifact = fields.String("artifact");
        if (sha256 is not null || artifact is not null)
        {
            manifest.Artifact = new EvidenceFile("artifact", artifact?.Location ?? sha256!.Location, artifact, sha256);
        }

        manifest.Files = ReadFiles(fields.Sequence("files"), diagnostics);
        manifest.Croissant = fields.String("croissant");
        manifest.ResolvedRisks = ReadResolvedRisks(fields.Sequence("resolved_risks"), diagnostics);
        if (fields.Node("source") is ScalarNode legacy && legacy.Kind != ScalarKind.Null)
        {
            manifest.LegacySource = new Located<string>(legacy.Value, legacy.Location);
        }
        fields.ReportUnknownFields();
        return manifest;
    }

    public static Located<string>? Date(MappingReader fields, string key, DiagnosticBag diagnostics)
    {
        var value = fields.String(key);
        if (value is not null && !IsoDate.TryParse(value.Value, out _))
        {
            diagnostics.Add(Rules.InvalidValue, value.Location, $"'{key}' is '{value.Value}', which is not an ISO-8601 date or date-time such as 2026-05-22 or 2026-05-22T18:10:00Z.");
        }

        return value;
    }

    private static (Located<string>? Text, ReviewerStatus? Status) Status(MappingReader fields, string where, DiagnosticBag diagnostics)
    {
        var text = fields.String("reviewer_status");
        if (text is null)
        {
            return (null, null);
        }

        if (ReviewerStatusNames.TryParse(text.Value, out var status))
        {
            return (text, status);
        }

        diagnostics.Add(Rules.InvalidValue, text.Location, $"reviewer_status '{text.Value}' in {where} is not one of: {ReviewerStatusNames.AllowedValues}.");
        return (text, null);
    }

    private static List<SourceRecord> ReadSources(SequenceNode? sequence, DiagnosticBag diagnostics)
    {
        var result = new List<SourceRecord>();
        foreach (var item in sequence?.Items ?? System.Array.Empty<DocumentNode>())
        {
            if (item is ScalarNode { Kind: not ScalarKind.Null } scalar)
            {
                result.Add(new SourceRecord(new Located<string>(scalar.Value, scalar.Location), null, null, null, null, null));
            }
            else if (item is MappingNode mapping)
            {
                var fields = new MappingReader(mapping, "a source record", diagnostics, SourceFields);
                var id = fields.String("id");
                if (id is null)
                {
                    diagnostics.Add(Rules.InvalidValue, mapping.Location, "a long-form source record needs 'id: name@version'.");
                    fields.ReportUnknownFields();
                    continue;
                }

                var (statusText, status) = Status(fields, $"source '{id.Value}'", diagnostics);
                var path = fields.String("path");
                var sha256 = fields.String("sha256");
                var evidence = path is null && sha256 is null ? null : new EvidenceFile($"source '{id.Value}'", mapping.Location, path, sha256);
                result.Add(new SourceRecord(id, fields.String("role"), fields.String("rights_basis"), statusText, status, evidence));
                fields.ReportUnknownFields();
            }
            else
            {
                diagnostics.Add(Rules.InvalidValue, item.Location, $"a source record is 'name@version' or a map with 'id', not a {item.KindName}.");
            }
        }

        return result;
    }

    private static List<TransformStep> ReadTransforms(SequenceNode? sequence, DiagnosticBag diagnostics)
    {
        var result = new List<TransformStep>();
        foreach (var item in sequence?.Items ?? System.Array.Empty<DocumentNode>())
        {
            if (item is ScalarNode { Kind: not ScalarKind.Null } scalar)
            {
                var step = ReadShortTransform(scalar, diagnostics);
                if (step is not null)
                {
                    result.Add(step);
                }
            }
            else if (item is MappingNode mapping)
            {
                var step = ReadLongTransform(mapping, diagnostics);
                if (step is not null)
                {
                    result.Add(step);
                }
            }
            else
            {
                diagnostics.Add(Rules.InvalidValue, item.Location, $"a transform is 'name-vN key=value ...' or a map with 'name', not a {item.KindName}.");
            }
        }

        return result;
    }

    private static TransformStep? ReadShortTransform(ScalarNode scalar, DiagnosticBag diagnostics)
    {
        var tokens = scalar.Value.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            diagnostics.Add(Rules.InvalidValue, scalar.Location, "a transform needs a name such as 'pii-redaction-v3'.");
            return null;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < tokens.Length; i++)
        {
            var equals = tokens[i].IndexOf('=');
            if (equals <= 0 || equals == tokens[i].Length - 1)
            {
                diagnostics.Add(Rules.InvalidValue, scalar.Location, $"transform parameter '{tokens[i]}' in '{scalar.Value}' must be written key=value, as in 'dedupe-v2 threshold=0.84'.");
                continue;
            }

            parameters.Add(new KeyValuePair<string, string>(tokens[i].Substring(0, equals), tokens[i].Substring(equals + 1)));
        }

        var (name, version) = SplitVersion(tokens[0], scalar.Location);
        return new TransformStep(scalar.Location, name, version, parameters, new List<Located<string>>(), inputsDeclared: false);
    }

    private static TransformStep? ReadLongTransform(MappingNode mapping, DiagnosticBag diagnostics)
    {
        var fields = new MappingReader(mapping, "a transform", diagnostics, TransformFields);
        var nameText = fields.String("name");
        if (nameText is null)
        {
            diagnostics.Add(Rules.InvalidValue, mapping.Location, "a long-form transform needs 'name', such as 'name: opt-out-removal-v2'.");
            fields.ReportUnknownFields();
            return null;
        }

        var (name, version) = SplitVersion(nameText.Value, nameText.Location);
        var versionText = fields.String("version");
        if (versionText is not null)
        {
            var match = VersionText.Match(versionText.Value);
            if (!match.Success)
            {
                diagnostics.Add(Rules.InvalidValue, versionText.Location, $"transform version '{versionText.Value}' is not a version: write a number (2 or v2), a semantic version (1.2.0) or the git commit of the script that ran (a1b2c3d).");
            }
            else if (version is not null && version.Value != match.Groups["version"].Value)
            {
                diagnostics.Add(Rules.InvalidValue, versionText.Location, $"transform '{nameText.Value}' names version {version.Value} but 'version' says {versionText.Value}; keep one.");
            }
            else
            {
                version = new Located<string>(match.Groups["version"].Value, versionText.Location);
            }
        }

        var parameters = new List<KeyValuePair<string, string>>();
        var paramsNode = fields.Mapping("params");
        if (paramsNode is not null)
        {
            foreach (var entry in paramsNode.Entries)
            {
                var value = MappingReader.AsString(entry.Value, $"transform parameter '{entry.Key.Value}'", diagnostics);
                parameters.Add(new KeyValuePair<string, string>(entry.Key.Value, value?.Value ?? string.Empty));
            }
        }

        var inputsNode = fields.Sequence("inputs");
        var inputs = MappingReader.Strings(inputsNode, "a transform input", diagnostics);
        fields.ReportUnknownFields();
        return new TransformStep(mapping.Location, name, version, parameters, inputs, inputsNode is not null);
    }

    private static (string Name, Located<string>? Version) SplitVersion(string text, SourceLocation location)
    {
        var match = VersionedName.Match(text);
        return match.Success
            ? (match.Groups["name"].Value, new Located<string>(match.Groups["version"].Value, location))
            : (text, null);
    }

    private static EvidenceFile? ReadExclusionReport(MappingReader fields, DiagnosticBag diagnostics)
    {
        var node = fields.Node("exclusion_report");
        switch (node)
        {
            case null:
            case ScalarNode { Kind: ScalarKind.Null }:
                return null;
            case ScalarNode scalar:
                return new EvidenceFile("exclusion report", scalar.Location, new Located<string>(scalar.Value, scalar.Location), null, digestRequired: false);
            case MappingNode mapping:
                var report = new MappingReader(mapping, "exclusion_report", diagnostics, ExclusionFields);
                var path = report.String("path");
                if (path is null)
                {
                    diagnostics.Add(Rules.InvalidValue, mapping.Location, "exclusion_report needs 'path' (the report of removed records).");
                }

                var removed = report.String("removed_records");
                if (removed is not null && !long.TryParse(removed.Value, out _))
                {
                    diagnostics.Add(Rules.InvalidValue, removed.Location, $"removed_records '{removed.Value}' must be a whole number.");
                }

                report.ReportUnknownFields();
                return new EvidenceFile("exclusion report", mapping.Location, path, report.String("sha256"), digestRequired: false);
            default:
                diagnostics.Add(Rules.InvalidValue, node.Location, "exclusion_report is a path or a map with 'path' and 'sha256', not a list.");
                return null;
        }
    }

    private static List<ResolvedRisk> ReadResolvedRisks(SequenceNode? sequence, DiagnosticBag diagnostics)
    {
        var result = new List<ResolvedRisk>();
        foreach (var item in sequence?.Items ?? System.Array.Empty<DocumentNode>())
        {
            if (item is not MappingNode mapping)
            {
                diagnostics.Add(Rules.InvalidValue, item.Location, "an entry of 'resolved_risks' is a map with 'risk' and 'resolution'.");
                continue;
            }

            var fields = new MappingReader(mapping, "a resolved risk", diagnostics, "risk", "resolution", "resolved_at");
            var risk = fields.String("risk");
            var resolution = fields.String("resolution");
            if (risk is null || resolution is null || resolution.Value.Trim().Length == 0)
            {
                diagnostics.Add(Rules.InvalidValue, mapping.Location, "a resolved risk needs 'risk' (the text it had in unresolved_risks) and 'resolution' (how it was resolved).");
            }
            else
            {
                result.Add(new ResolvedRisk(risk, resolution, ManifestReader.Date(fields, "resolved_at", diagnostics)));
            }

            fields.ReportUnknownFields();
        }

        return result;
    }

    private static List<EvidenceFile> ReadFiles(SequenceNode? sequence, DiagnosticBag diagnostics)
    {
        var result = new List<EvidenceFile>();
        foreach (var item in sequence?.Items ?? System.Array.Empty<DocumentNode>())
        {
            if (item is not MappingNode mapping)
            {
                diagnostics.Add(Rules.InvalidValue, item.Location, $"an entry of 'files' is a map with 'path' and 'sha256', not a {item.KindName}.");
                continue;
            }

            var fields = new MappingReader(mapping, "a files entry", diagnostics, FileFields);
            var path = fields.String("path");
            if (path is null)
            {
                diagnostics.Add(Rules.InvalidValue, mapping.Location, "an entry of 'files' needs 'path'.");
            }

            result.Add(new EvidenceFile("data file", mapping.Location, path, fields.String("sha256")));
            fields.ReportUnknownFields();
        }

        return result;
    }
}
