using System;
using System.CommandLine;
using Provenance;
using Provenance.Cli;
using Provenance.Cli.Commands;

// Exit codes: 0 pass, 1 gaps (or a broken link), 2 usage or internal error.
var root = new RootCommand("provenance: the Provenance.Build gate outside MSBuild (same rules, same codes). Exit codes: 0 pass, 1 gaps, 2 usage or internal error.")
{
    VerifyCommand.Create(),
    DiffCommand.Create(),
    HashCommand.Create(),
    InitCommand.Create(),
    CardCommand.Create(),
    ExplainCommand.Create(),
    KeygenCommand.Create(),
    TraceCommand.Create(),
    AttestCommand.Create(),
};

// `provenance help` and `provenance help verify` print the same help as --help.
var help = new Command("help", "Prints help for the tool or for one command.") { Hidden = true };
var helpTopic = new Argument<string?>("command") { Arity = ArgumentArity.ZeroOrOne };
help.Arguments.Add(helpTopic);
help.SetAction(parse => root.Parse(parse.GetValue(helpTopic) is { } topic ? new[] { topic, "--help" } : new[] { "--help" }).Invoke());
root.Subcommands.Add(help);

var parse = root.Parse(args);
var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
try
{
    // A parse error (unknown command or option, a value out of range) prints what is wrong, suggestions and help.
    var exitCode = parse.Invoke(configuration);
    return parse.Errors.Count > 0 ? 2 : exitCode;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"provenance: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"provenance: error PROV900: {ex.GetType().Name}: {ex.Message}. This is a bug in Provenance.Build; please report it with the input that caused it.");
    return 2;
}
