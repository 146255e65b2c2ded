using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using Provenance.Diagnostics;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance explain PROVnnn</c>: the rule's page.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var code = new Argument<string>("code") { Description = "A rule code such as PROV204." };
        var command = new Command("explain", "Prints the rule's documentation.") { code };
        command.SetAction(parse =>
        {
            var id = parse.GetValue(code)!.Trim().ToUpperInvariant();
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"rules/{id}.md");
            if (stream is null)
            {
                throw new UsageException($"'{id}' is not a rule code. The rules: {string.Join(", ", Rules.All.Select(r => r.Id))}.");
            }

            using var reader = new StreamReader(stream);
            Console.Write(reader.ReadToEnd());
            return 0;
        });
        return command;
    }
}
