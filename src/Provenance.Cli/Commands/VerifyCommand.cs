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
        var shard = new Option<string?>("--shard") { Description = "K/N: verify only the K-th of N deterministic, size-balanced shards of the manifest's files (with --attest)." };
        var attest = new Option<string?>("--attest") { Description = "With --shard: write an in-toto statement naming the files this shard verified (docs/scale.md)." };
        shard.Validators.Add(result =>
        {
            if (!Attestations.ShardPlan.TryParse(result.GetValueOrDefault<string?>() ?? string.Empty, out _, out _))
            {
                result.AddError("--shard is K/N with 1 <= K <= N, such as 2/8.");
            }
        });
        var command = new Command("verify", "Verifies the manifest and every digest it declares, reading every byte (full mode). Exit 0 pass, 1 gaps.");
        gate.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(shard);
        command.Options.Add(attest);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(shard) is null) != (result.GetValue(attest) is null))
            {
                result.AddError("--shard and --attest go together: a shard's result is its attestation.");
            }
        });
        command.SetAction(parse => parse.GetValue(shard) is { } plan
            ? Shard(gate.ToOptions(parse), plan, parse.GetValue(attest)!)
            : Run(gate.ToOptions(parse), parse.GetValue(format)!));
        return command;
    }

    private static int Shard(GateOptions options, string plan, string attestPath)
    {
        Attestations.ShardPlan.TryParse(plan, out var index, out var count);
        var output = Path.GetFullPath(attestPath);
        var verifier = $"provenance {ToolInformation.Version} on {Environment.MachineName}";
        var (statement, diagnostics) = Attestations.ShardVerification.Run(options, index, count, verifier, DateTimeOffset.UtcNow);
        foreach (var diagnostic in diagnostics)
        {
            Console.WriteLine(diagnostic);
        }

        if (statement is null)
        {
            // A shard that found a problem attests nothing, not even an older result.
            File.Delete(output);
            Console.WriteLine($"shard {index}/{count} failed: nothing attested.");
            return 1;
        }

        Stamping.AtomicFile.WriteIfChanged(output, statement.ToJson());
        Console.WriteLine($"shard {index}/{count}: {statement.Subjects.Count} file(s) verified against {statement.ManifestHash}; attested in {output}.");
        return 0;
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
