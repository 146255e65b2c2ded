using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Cli.Commands;

/// <summary><c>provenance card</c>: runs the gate and writes model-card.md and provenance.intoto.json.</summary>
internal static class CardCommand
{
    public static Command Create()
    {
        var gate = new GateArguments();
        var output = new Option<string>("--out") { Description = "The folder for the card and the record.", DefaultValueFactory = _ => "provenance-out" };
        var artifacts = new Option<string[]>("--artifact") { Description = "A model artifact, hashed into the card and the record (repeatable)." };
        var command = new Command("card", "Runs the gate and writes model-card.md and provenance.intoto.json; nothing when the gate fails (unless --audit).");
        gate.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(artifacts);
        command.SetAction(parse => Run(gate.ToOptions(parse), Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(artifacts) ?? Array.Empty<string>()));
        return command;
    }

    private static int Run(GateOptions options, string output, string[] artifactPaths)
    {
        var missing = artifactPaths.FirstOrDefault(a => !File.Exists(a));
        if (missing is not null)
        {
            throw new UsageException($"error PROV703: the model artifact '{missing}' does not exist, so its digest cannot be recorded. Produce it first, or fix the path.");
        }

        var result = ProvenanceGate.Run(options);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info))
        {
            Console.Error.WriteLine(diagnostic);
        }

        if (!result.Passed)
        {
            Console.Error.WriteLine("the gate failed: no card written (use --audit to stamp a card that lists the gaps).");
            return 1;
        }

        var summary = GateSummary.From(result);
        var artifacts = artifactPaths.Select(a => new StampedFile(Files.RelativePath.From(Directory.GetCurrentDirectory(), Path.GetFullPath(a)), FileDigest.ComputeSha256(a))).ToList();
        var cardPath = Path.Combine(output, "model-card.md");
        AtomicFile.WriteIfChanged(cardPath, ModelCardWriter.Render(summary, artifacts));
        var recordPath = Path.Combine(output, "provenance.intoto.json");
        AtomicFile.WriteIfChanged(recordPath, BuildRecordWriter.Render(summary, new BuildRecordInput
        {
            ModelArtifacts = artifacts,
            ModelCard = new StampedFile("model-card.md", FileDigest.ComputeSha256(cardPath)),
            CodeVersion = GitRevision.Read(null, Directory.GetCurrentDirectory()),
            ToolVersion = ToolInformation.Version,
            ManifestName = result.ManifestPath is null ? "unknown" : Files.RelativePath.From(Directory.GetCurrentDirectory(), result.ManifestPath),
            BuildTime = BuildRecordWriter.ResolveBuildTime(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), DateTimeOffset.UtcNow),
        }));
        Console.WriteLine($"wrote {cardPath} and {recordPath}: training_manifest={result.ManifestHash}");
        return 0;
    }
}
