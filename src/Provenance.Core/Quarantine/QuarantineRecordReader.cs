using System.Collections.Generic;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Manifests;

namespace Provenance.Quarantine;

/// <summary>Reads a quarantine record file (one record under a top-level <c>quarantine:</c> key) and reports PROV502.</summary>
public static class QuarantineRecordReader
{
    internal static IReadOnlyList<string> Fields => RecordFields;

    private static readonly string[] RecordFields =
    {
        "id", "source_record", "trigger", "blocked_use", "allowed_use", "exit_condition", "opened_at", "opened_by",
        "status", "lifted_at", "lifted_by", "exit_evidence",
    };

    public static QuarantineRecord? Read(LoadedDocument document, DiagnosticBag diagnostics)
    {
        var invalid = new DiagnosticBag();
        var record = ReadCore(document, invalid);
        foreach (var diagnostic in invalid.Items)
        {
            // Every problem inside a record is a PROV502 (the record cannot be trusted), except unknown-field warnings.
            diagnostics.Add(diagnostic.Descriptor == Rules.UnknownField || diagnostic.Descriptor == Rules.LimitExceeded || diagnostic.Descriptor == Rules.NotParseable
                ? diagnostic
                : new Diagnostic(Rules.QuarantineRecordInvalid, diagnostic.Location, diagnostic.Message));
            if (diagnostic.Descriptor != Rules.UnknownField && record is not null)
            {
                record.IsValid = false;
            }
        }

        return record;
    }

    private static QuarantineRecord? ReadCore(LoadedDocument document, DiagnosticBag diagnostics)
    {
        if (document.Root is not MappingNode root)
        {
            diagnostics.Add(Rules.InvalidValue, document.Root.Location, $"a quarantine record is a map with one key, 'quarantine:', not a {document.Root.KindName}.");
            return null;
        }

        var top = new MappingReader(root, "the quarantine record file", diagnostics, "quarantine");
        top.ReportUnknownFields();
        var body = top.Mapping("quarantine");
        if (body is null)
        {
            diagnostics.Add(Rules.InvalidValue, root.Location, "the file has no 'quarantine:' map. A record looks like: quarantine: { source_record, trigger, blocked_use, allowed_use, exit_condition }.");
            return null;
        }

        var fields = new MappingReader(body, "the quarantine record", diagnostics, RecordFields);
        var record = new QuarantineRecord
        {
            Path = document.Path,
            Location = body.Location,
            Id = fields.String("id"),
            SourceRecord = fields.String("source_record"),
            Trigger = fields.String("trigger"),
            ExitCondition = fields.String("exit_condition"),
            OpenedAt = ManifestReader.Date(fields, "opened_at", diagnostics),
            OpenedBy = fields.String("opened_by"),
            LiftedAt = ManifestReader.Date(fields, "lifted_at", diagnostics),
            LiftedBy = fields.String("lifted_by"),
            StatusText = fields.String("status"),
        };

        Require(record.SourceRecord, "source_record", "the source version it blocks, such as support-chat-export@2026-05-22", body, diagnostics);
        Require(record.Trigger, "trigger", "what started the quarantine, such as 'opt-out record found in model-review sample'", body, diagnostics);
        Require(record.ExitCondition, "exit_condition", "what evidence ends it, such as 'opt-out-removal evidence and reviewer status attached'", body, diagnostics);

        record.BlockedUses = ReadUses(fields, "blocked_use", diagnostics);
        record.AllowedUses = ReadUses(fields, "allowed_use", diagnostics);
        if (fields.Node("blocked_use") is null)
        {
            diagnostics.Add(Rules.InvalidValue, body.Location, "the record has no blocked_use; say which uses it blocks, such as 'new training and benchmark publication'.");
        }

        switch (record.StatusText?.Value)
        {
            case null:
            case "active":
                record.Status = QuarantineStatus.Active;
                break;
            case "lifted":
                record.Status = QuarantineStatus.Lifted;
                break;
            default:
                diagnostics.Add(Rules.InvalidValue, record.StatusText.Location, $"status '{record.StatusText.Value}' is not 'active' or 'lifted'.");
                break;
        }

        record.ExitEvidence = ReadExitEvidence(fields.Sequence("exit_evidence"), diagnostics);
        fields.ReportUnknownFields();
        return record;
    }

    private static void Require(Located<string>? value, string key, string hint, MappingNode at, DiagnosticBag diagnostics)
    {
        if (value is null || value.Value.Trim().Length == 0)
        {
            diagnostics.Add(Rules.InvalidValue, value?.Location ?? at.Location, $"the record has no {key}: add {hint}.");
        }
    }

    private static IReadOnlyList<string> ReadUses(MappingReader fields, string key, DiagnosticBag diagnostics)
    {
        var node = fields.Node(key);
        var result = new List<string>();
        switch (node)
        {
            case null:
            case ScalarNode { Kind: ScalarKind.Null }:
                break;
            case ScalarNode scalar:
                if (Uses.TryParseProse(scalar.Value, out var tokens, out var problem))
                {
                    result.AddRange(tokens);
                }
                else
                {
                    diagnostics.Add(Rules.InvalidValue, scalar.Location, $"{key}: {problem}.");
                }

                break;
            case SequenceNode sequence:
                foreach (var item in MappingReader.Strings(sequence, $"an entry of {key}", diagnostics))
                {
                    if (Uses.IsToken(item.Value))
                    {
                        result.Add(item.Value);
                    }
                    else
                    {
                        diagnostics.Add(Rules.InvalidValue, item.Location, $"{key} entry '{item.Value}' is not a use token; list entries are kebab-case tokens such as benchmark-publication.");
                    }
                }

                break;
            default:
                diagnostics.Add(Rules.InvalidValue, node.Location, $"{key} is a list of use tokens or a sentence, not a map.");
                break;
        }

        return result;
    }

    private static IReadOnlyList<EvidenceFile> ReadExitEvidence(SequenceNode? sequence, DiagnosticBag diagnostics)
    {
        var result = new List<EvidenceFile>();
        foreach (var item in sequence?.Items ?? System.Array.Empty<DocumentNode>())
        {
            switch (item)
            {
                case ScalarNode { Kind: not ScalarKind.Null } scalar:
                    result.Add(new EvidenceFile("exit evidence", scalar.Location, new Located<string>(scalar.Value, scalar.Location), null, digestRequired: false));
                    break;
                case MappingNode mapping:
                    var fields = new MappingReader(mapping, "an exit_evidence entry", diagnostics, "path", "sha256", "description");
                    var path = fields.String("path");
                    if (path is null)
                    {
                        diagnostics.Add(Rules.InvalidValue, mapping.Location, "an exit_evidence entry needs 'path'.");
                    }

                    fields.ReportUnknownFields();
                    result.Add(new EvidenceFile("exit evidence", mapping.Location, path, fields.String("sha256"), digestRequired: false));
                    break;
                default:
                    diagnostics.Add(Rules.InvalidValue, item.Location, "an exit_evidence entry is a path or a map with 'path' and 'sha256'.");
                    break;
            }
        }

        return result;
    }
}
