using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenance.Trace;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance trace</c>: from a shipped model back to its sources, one checked link at a time.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A model artifact, a .NET assembly built through the gate, a model card, a build record or a signed envelope." };
        var record = new Option<string?>("--record") { Description = "The build record to use (default: beside the file, then in the folders above it)." };
        var card = new Option<string?>("--card") { Description = "The model card to compare (default: model-card.md beside the file)." };
        var keys = new Option<string[]>("--key") { Description = "A trusted public key (PEM); repeat it for rotated keys." };
        var requireSignature = new Option<bool>("--require-signature") { Description = "An unsigned record (or one no --key verifies) is a broken link." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("trace", "Walks from a model artifact to its build record, signature, manifest revision, changes, sources, transforms and quarantine history, and the card. Exit 0 when every link holds, 1 when one is broken.")
        {
            path, record, card, keys, requireSignature, format,
        };
        command.SetAction(parse =>
        {
            var trusted = parse.GetValue(keys) ?? Array.Empty<string>();
            var missing = trusted.FirstOrDefault(k => !File.Exists(k));
            if (missing is not null)
            {
                throw new UsageException($"the key file '{missing}' does not exist.");
            }

            var result = ProvenanceTrace.Run(new TraceOptions(parse.GetValue(path)!)
            {
                Record = parse.GetValue(record),
                Card = parse.GetValue(card),
                Keys = trusted,
                RequireSignature = parse.GetValue(requireSignature),
            });
            Console.Write(parse.GetValue(format) == "json" ? Json(result) : Text(result));
            return result.Holds ? 0 : 1;
        });
        return command;
    }

    private static string Text(TraceResult result)
    {
        var text = new System.Text.StringBuilder();
        text.Append("trace ").Append(result.Start).Append('\n');
        foreach (var link in result.Links)
        {
            text.Append(link.Holds ? "  [ok]     " : $"  [broken] {link.Broken!.Id} ").Append(link.Name).Append(": ").Append(link.Summary).Append('\n');
            foreach (var detail in link.Details)
            {
                text.Append("             ").Append(detail).Append('\n');
            }

            if (!link.Holds && link.Repair is not null)
            {
                text.Append("             to repair: ").Append(link.Repair).Append('\n');
            }
        }

        text.Append(result.Holds ? "every link holds\n" : $"{result.Links.Count(l => !l.Holds)} broken link(s)\n");
        return text.ToString();
    }

    private static string Json(TraceResult result) => JsonSerializer.Serialize(
        new
        {
            start = result.Start,
            holds = result.Holds,
            manifestHash = result.ManifestHash,
            links = result.Links.Select(l => new { name = l.Name, holds = l.Holds, code = l.Broken?.Id, summary = l.Summary, details = l.Details, repair = l.Repair }),
        },
        new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
