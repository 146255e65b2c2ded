using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Verification;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance init</c>: a starter provenance.yaml, every required field present and marked TODO.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var folder = new Argument<string?>("data-folder") { Arity = ArgumentArity.ZeroOrOne, Description = "A folder whose files are hashed into 'files:'." };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset name (default: the folder's name)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing provenance.yaml." };
        var command = new Command("init", "Writes a starter provenance.yaml: every required field present and marked TODO, the data hashed.") { folder, dataset, force };
        command.SetAction(parse => Run(parse.GetValue(folder), parse.GetValue(dataset), parse.GetValue(force)));
        return command;
    }

    private static int Run(string? folder, string? datasetOption, bool force)
    {
        var target = Path.Combine(Directory.GetCurrentDirectory(), "provenance.yaml");
        if (File.Exists(target) && !force)
        {
            Console.Error.WriteLine($"{target}: a manifest exists already; use --force to replace it.");
            return 2;
        }

        var dataset = datasetOption ?? (folder is null ? Path.GetFileName(Directory.GetCurrentDirectory()) : Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)));
        var text = new StringBuilder();
        text.Append("# Starter manifest written by `provenance init`. Each TODO is a gap the gate reports until you replace it;\n");
        text.Append("# see docs/manifest.md for every field.\n");
        text.Append("dataset: ").Append(Quote(dataset)).Append('\n');
        text.Append("created_at: ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append("source_records:\n  - TODO-source        # TODO: name@version of every source, such as support-chat-export@2026-05-22\n");
        text.Append("rights_basis: TODO     # TODO: the versioned policy or license, such as internal-use-policy-2026-04\n");
        text.Append("transforms:\n  - TODO-transform     # TODO: every step in the order it ran, with its version, such as pii-redaction-v3\n");
        text.Append("reviewer_status:       # TODO: accepted | accepted_with_limits | quarantined | rejected\n");
        text.Append("unresolved_risks: []   # TODO: the limits a reviewer accepted, if any\n");
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"{folder}: error PROV104: no such directory.");
                return 2;
            }

            text.Append("files:\n");
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                text.Append("  - path: ").Append(Quote(Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/'))).Append('\n');
                text.Append("    sha256: ").Append(FileDigest.ComputeSha256(file)).Append('\n');
            }
        }

        File.WriteAllText(target, text.ToString());
        Console.WriteLine($"wrote {target}; run 'provenance verify' to see what is still missing.");
        return 0;
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '@') ? value : System.Text.Json.JsonSerializer.Serialize(value);
}
