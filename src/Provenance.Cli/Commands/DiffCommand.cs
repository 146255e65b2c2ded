using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Drift;
using Provenance.Manifests;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance diff</c>: the semantic diff of two manifests.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("old") { Description = "The earlier manifest." };
        var after = new Argument<string>("new") { Description = "The later manifest." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("diff", "The semantic diff of two manifests: sources, rights, transforms, exclusion report, review, risks, digests.") { before, after, format };
        command.SetAction(parse => Run(parse.GetValue(before)!, parse.GetValue(after)!, parse.GetValue(format)!));
        return command;
    }

    /// <summary>A manifest read for comparison, or null with the first error printed.</summary>
    internal static ProvenanceManifest? Read(string path)
    {
        var diagnostics = new DiagnosticBag();
        var document = File.Exists(path) ? DocumentLoader.Load(Path.GetFullPath(path), ReadLimits.Default, diagnostics) : null;
        var manifest = document is null ? null : ManifestReader.Read(document, diagnostics);
        var error = diagnostics.Items.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (manifest is null || error is not null)
        {
            Console.Error.WriteLine(error?.ToString() ?? $"{path}: error PROV001: the manifest does not exist.");
            return null;
        }

        return manifest;
    }

    private static int Run(string beforePath, string afterPath, string format)
    {
        var before = Read(beforePath);
        var after = before is null ? null : Read(afterPath);
        if (before is null || after is null)
        {
            return 2;
        }

        var changes = ManifestDiff.Compare(before, after);
        if (format == "json")
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                changes.Select(c => new Dictionary<string, string?> { ["kind"] = c.Kind.ToName(), ["subject"] = c.Subject, ["before"] = c.Before, ["after"] = c.After }),
                new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }

        Console.WriteLine($"--- {beforePath}");
        Console.WriteLine($"+++ {afterPath}");
        foreach (var change in changes)
        {
            Console.WriteLine($"{Sign(change.Kind)} {change.Describe()}");
        }

        if (changes.Count == 0)
        {
            Console.WriteLine("no semantic change");
        }

        return 0;
    }

    internal static string Sign(ChangeKind kind) => kind switch
    {
        ChangeKind.SourceAdded or ChangeKind.TransformAdded or ChangeKind.RiskAdded or ChangeKind.FileAdded => "+",
        ChangeKind.SourceRemoved or ChangeKind.TransformRemoved or ChangeKind.RiskResolved or ChangeKind.FileRemoved => "-",
        _ => "~",
    };
}
