using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Cli;

/// <summary>The gate's options, shared by verify and card, and the GateOptions they make.</summary>
internal sealed class GateArguments
{
    public Argument<string?> Manifest { get; } = new("manifest") { Arity = ArgumentArity.ZeroOrOne, Description = "The manifest (default: provenance.yaml, .yml or .json here)." };

    public Option<string> Use { get; } = new("--use") { Description = "What the build is for, as a use token: training, evaluation, benchmark-publication, incident-reproduction.", DefaultValueFactory = _ => Quarantine.Uses.Training };

    public Option<string> Mode { get; } = new("--mode") { Description = "enforce (gaps fail) or audit (gaps are warnings).", DefaultValueFactory = _ => "enforce" };

    public Option<bool> Audit { get; } = new("--audit") { Description = "The same as --mode audit." };

    public Option<string[]> DataRoots { get; } = new("--data-root") { Description = "A directory evidence may live in (repeatable; default: the manifest's folder).", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> QuarantineRecords { get; } = new("--quarantine") { Description = "A quarantine record file (repeatable; default: quarantine/ beside the manifest)." };

    public Option<string?> Baseline { get; } = new("--baseline") { Description = "The manifest of the last accepted build: a file or a git revision." };

    public Option<bool> Release { get; } = new("--release") { Description = "A release build: byte drift and removed transforms are errors." };

    public Option<long> MaxDataFileBytes { get; } = new("--max-data-file-bytes") { Description = "Data files larger than this are PROV110 and never read (default 1 TiB).", DefaultValueFactory = _ => EvidenceVerifier.DefaultMaxFileBytes };

    public GateArguments()
    {
        RejectOptionLike(Manifest);
        Mode.AcceptOnlyFromAmong("enforce", "audit");
        MaxDataFileBytes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() <= 0)
            {
                result.AddError("--max-data-file-bytes is a positive whole number of bytes.");
            }
        });
    }

    /// <summary>An argument that looks like an option is a misspelt or unknown option, never a file name.</summary>
    public static void RejectOptionLike(Argument<string?> argument) => argument.Validators.Add(result =>
    {
        var value = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (value is not null && value.StartsWith("-", StringComparison.Ordinal))
        {
            result.AddError($"Unrecognized option '{value}'. Run with --help for the options.");
        }
    });

    public void AddTo(Command command)
    {
        command.Arguments.Add(Manifest);
        foreach (var option in new Option[] { Use, Mode, Audit, DataRoots, QuarantineRecords, Baseline, Release, MaxDataFileBytes })
        {
            command.Options.Add(option);
        }
    }

    public GateOptions ToOptions(ParseResult parse)
    {
        var use = parse.GetValue(Use)!.Trim();
        var mode = parse.GetValue(Audit) ? GateMode.Audit : GateModes.TryParse(parse.GetValue(Mode), out var parsed) ? parsed : GateMode.Enforce;
        var quarantine = parse.GetValue(QuarantineRecords) ?? Array.Empty<string>();
        return new GateOptions(Directory.GetCurrentDirectory())
        {
            ManifestPath = parse.GetValue(Manifest),
            Use = use,
            Mode = mode,
            DataRoots = (parse.GetValue(DataRoots) ?? Array.Empty<string>()).ToList(),
            QuarantineRecordPaths = quarantine.Length == 0 ? null : quarantine.ToList(),
            Baseline = parse.GetValue(Baseline),
            ReleaseBuild = parse.GetValue(Release),
            MaxDataFileBytes = parse.GetValue(MaxDataFileBytes),
            VerifyDigests = DigestVerification.Full,
            Progress = message => Console.Error.WriteLine(message),
        };
    }
}
