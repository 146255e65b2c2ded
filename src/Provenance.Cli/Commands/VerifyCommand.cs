using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Reporting;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance verify</c>: the gate in full mode, as text, JSON or SARIF.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var gate = new GateArguments();
        var format = new Option<string>("--format") { Description = "text, json (a report for scripts) or sarif (SARIF 2.1.0 for code scanning).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var command = new Command("verify", "Verifies the manifest and every digest it declares, reading every byte (full mode). Exit 0 pass, 1 gaps.");
        gate.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse => Run(gate.ToOptions(parse), parse.GetValue(format)!));
        return command;
    }

    private static int Run(GateOptions options, string format)
    {
        var result = ProvenanceGate.Run(options);
        switch (format)
        {
            case "json":
                Console.Write(JsonReport.Write(result));
                break;
            case "sarif":
                Console.Write(SarifWriter.Write(result.Diagnostics, Directory.GetCurrentDirectory()));
                break;
            default:
                foreach (var diagnostic in result.Diagnostics)
                {
                    Console.WriteLine(diagnostic.IsSuppressed ? $"{diagnostic} (suppressed: {diagnostic.SuppressionJustification})" : diagnostic.ToString());
                }

                if (result.Baseline is not null)
                {
                    Console.WriteLine($"changes since baseline {result.Baseline}:");
                    foreach (var change in result.Changes)
                    {
                        Console.WriteLine("  " + change.Describe());
                    }
                }

                Console.WriteLine(result.Passed
                    ? $"passed: training_manifest={result.ManifestHash}; reviewer_status={result.ReviewerStatus}; {result.VerifiedFiles.Count} file(s) verified."
                    : $"failed: {result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s), {result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warning(s).");
                break;
        }

        return result.Passed ? 0 : 1;
    }
}
