using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Provenance;
using Provenance.Cli;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Drift;
using Provenance.Gate;
using Provenance.Manifests;
using Provenance.Reporting;
using Provenance.Stamping;
using Provenance.Verification;

// Exit codes: 0 pass, 1 gaps, 2 usage or internal error.
try
{
    var line = CommandLine.Parse(args, new HashSet<string> { "force", "help", "audit" });
    return line.Verb switch
    {
        "verify" => Verify(line),
        "diff" => Diff(line),
        "hash" => Hash(line),
        "init" => Init(line),
        "card" => Card(line),
        "explain" => Explain(line),
        "help" or "--help" or "-h" => Help(),
        "--version" => Print(ToolInformation.Version),
        _ => throw new UsageException($"unknown command '{line.Verb}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"provenance: {ex.Message} Run 'provenance help' for the commands.");
    return 2;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"provenance: error PROV900: {ex.GetType().Name}: {ex.Message}. This is a bug in Provenance.Build; please report it with the input that caused it.");
    return 2;
}

static int Help() => Print("""
    provenance: the Provenance.Build gate outside MSBuild (same rules, same codes).

      provenance verify [manifest] [--use training] [--mode enforce|audit] [--data-root DIR]... [--quarantine FILE]... [--max-data-file-bytes N]
                        [--baseline FILE|REVISION] [--release] [--format text|json|sarif]
          Verifies the manifest (default: provenance.yaml, .yml or .json here) and every digest it declares.
      provenance diff <old> <new> [--format text|json]
          The semantic diff of two manifests: sources, rights, transforms, exclusion report, review, risks, digests.
      provenance hash <path>... [--relative-to DIR]
          Prints 'files:' entries (path and sha256) for files and directories, for a manifest.
      provenance init [data-folder] [--dataset NAME] [--force]
          Writes a starter provenance.yaml: every required field present and marked TODO, the data hashed.
      provenance card [manifest] [--out DIR] [--artifact FILE]... [--use training] [--audit]
          Runs the gate and writes model-card.md and provenance.intoto.json.
      provenance explain PROVnnn
          Prints the rule's documentation.

    Exit codes: 0 pass, 1 gaps, 2 usage or internal error.
    """);

static int Print(string text)
{
    Console.WriteLine(text);
    return 0;
}

static GateOptions Options(CommandLine line, string? manifest)
{
    var use = line.Option("use") ?? "training";
    var mode = line.Option("mode") ?? (line.Flag("audit") ? "audit" : "enforce");
    if (!GateModes.TryParse(mode, out var gateMode) || gateMode == GateMode.Off)
    {
        throw new UsageException($"--mode is enforce or audit, not '{mode}'.");
    }

    return new GateOptions(Directory.GetCurrentDirectory())
    {
        ManifestPath = manifest,
        Use = use,
        Mode = gateMode,
        DataRoots = line.Options("data-root").ToList(),
        QuarantineRecordPaths = line.Options("quarantine").Count == 0 ? null : line.Options("quarantine").ToList(),
        Baseline = line.Option("baseline"),
        ReleaseBuild = line.Options("release").Count > 0 || line.Flag("release"),
        MaxDataFileBytes = MaxDataFileBytes(line),
        VerifyDigests = DigestVerification.Full,
        Progress = message => Console.Error.WriteLine(message),
    };
}

static long MaxDataFileBytes(CommandLine line)
{
    var text = line.Option("max-data-file-bytes");
    if (text is null)
    {
        return EvidenceVerifier.DefaultMaxFileBytes;
    }

    return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : throw new UsageException($"--max-data-file-bytes is a positive whole number of bytes, not '{text}'.");
}

static int Verify(CommandLine line)
{
    line.RejectUnknown("use", "mode", "data-root", "quarantine", "baseline", "format", "release", "max-data-file-bytes");
    var result = ProvenanceGate.Run(Options(line, line.Arguments.FirstOrDefault()));
    switch (line.Option("format") ?? "text")
    {
        case "text":
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
        case "json":
            Console.Write(JsonReport.Write(result));
            break;
        case "sarif":
            Console.Write(SarifWriter.Write(result.Diagnostics, Directory.GetCurrentDirectory()));
            break;
        default:
            throw new UsageException("--format is text, json or sarif.");
    }

    return result.Passed ? 0 : 1;
}

static int Diff(CommandLine line)
{
    line.RejectUnknown("format");
    if (line.Arguments.Count != 2)
    {
        throw new UsageException("diff takes two manifests: provenance diff <old> <new>.");
    }

    var manifests = new List<ProvenanceManifest>();
    foreach (var path in line.Arguments)
    {
        var diagnostics = new DiagnosticBag();
        var document = File.Exists(path) ? DocumentLoader.Load(Path.GetFullPath(path), ReadLimits.Default, diagnostics) : null;
        var manifest = document is null ? null : ManifestReader.Read(document, diagnostics);
        var error = diagnostics.Items.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (manifest is null || error is not null)
        {
            Console.Error.WriteLine(error?.ToString() ?? $"{path}: error PROV001: the manifest does not exist.");
            return 2;
        }

        manifests.Add(manifest);
    }

    var changes = ManifestDiff.Compare(manifests[0], manifests[1]);
    if ((line.Option("format") ?? "text") == "json")
    {
        var json = System.Text.Json.JsonSerializer.Serialize(
            changes.Select(c => new Dictionary<string, string?> { ["kind"] = c.Kind.ToName(), ["subject"] = c.Subject, ["before"] = c.Before, ["after"] = c.After }),
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Console.WriteLine(json);
        return 0;
    }

    Console.WriteLine($"--- {line.Arguments[0]}");
    Console.WriteLine($"+++ {line.Arguments[1]}");
    foreach (var change in changes)
    {
        var sign = change.Kind switch
        {
            ChangeKind.SourceAdded or ChangeKind.TransformAdded or ChangeKind.RiskAdded or ChangeKind.FileAdded => "+",
            ChangeKind.SourceRemoved or ChangeKind.TransformRemoved or ChangeKind.RiskResolved or ChangeKind.FileRemoved => "-",
            _ => "~",
        };
        Console.WriteLine($"{sign} {change.Describe()}");
    }

    if (changes.Count == 0)
    {
        Console.WriteLine("no semantic change");
    }

    return 0;
}

static int Hash(CommandLine line)
{
    line.RejectUnknown("relative-to");
    if (line.Arguments.Count == 0)
    {
        throw new UsageException("hash takes one or more files or directories.");
    }

    var relativeTo = Path.GetFullPath(line.Option("relative-to") ?? Directory.GetCurrentDirectory());
    var files = new List<string>();
    foreach (var path in line.Arguments)
    {
        if (Directory.Exists(path))
        {
            files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(Path.GetFullPath));
        }
        else if (File.Exists(path))
        {
            files.Add(Path.GetFullPath(path));
        }
        else
        {
            Console.Error.WriteLine($"{path}: error PROV104: no such file or directory.");
            return 2;
        }
    }

    files = files.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
    var digests = new string[files.Count];
    var total = files.Sum(f => new FileInfo(f).Length);
    long done = 0;
    var stopwatch = System.Diagnostics.Stopwatch.StartNew();
    var next = TimeSpan.FromSeconds(2);
    var work = System.Threading.Tasks.Task.Run(() => System.Threading.Tasks.Parallel.For(0, files.Count, i =>
    {
        digests[i] = FileDigest.ComputeSha256(files[i]);
        System.Threading.Interlocked.Add(ref done, new FileInfo(files[i]).Length);
    }));
    while (!work.Wait(200))
    {
        if (stopwatch.Elapsed >= next)
        {
            Console.Error.WriteLine($"hashing: {VerificationStatistics.FormatBytes(System.Threading.Interlocked.Read(ref done))} of {VerificationStatistics.FormatBytes(total)}, {files.Count:N0} files");
            next = stopwatch.Elapsed + TimeSpan.FromSeconds(3);
        }
    }

    var output = new StringBuilder("files:\n");
    for (var i = 0; i < files.Count; i++)
    {
        var relative = Path.GetRelativePath(relativeTo, files[i]).Replace('\\', '/');
        output.Append("  - path: ").Append(Quote(relative)).Append('\n').Append("    sha256: ").Append(digests[i]).Append('\n');
    }

    Console.Write(output);
    return 0;
}

static int Init(CommandLine line)
{
    line.RejectUnknown("dataset");
    var target = Path.Combine(Directory.GetCurrentDirectory(), "provenance.yaml");
    if (File.Exists(target) && !line.Flag("force"))
    {
        Console.Error.WriteLine($"{target}: a manifest exists already; use --force to replace it.");
        return 2;
    }

    var folder = line.Arguments.FirstOrDefault();
    var dataset = line.Option("dataset") ?? (folder is null ? Path.GetFileName(Directory.GetCurrentDirectory()) : Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)));
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

static int Card(CommandLine line)
{
    line.RejectUnknown("out", "artifact", "use", "mode", "data-root", "quarantine", "baseline");
    var options = Options(line, line.Arguments.FirstOrDefault());
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

    var output = Path.GetFullPath(line.Option("out") ?? "provenance-out");
    var summary = GateSummary.From(result);
    var artifacts = line.Options("artifact").Select(a => new StampedFile(a.Replace('\\', '/'), FileDigest.ComputeSha256(a))).ToList();
    var cardPath = Path.Combine(output, "model-card.md");
    AtomicFile.WriteIfChanged(cardPath, ModelCardWriter.Render(summary, artifacts));
    var record = BuildRecordWriter.Render(summary, new BuildRecordInput
    {
        ModelArtifacts = artifacts,
        ModelCard = new StampedFile("model-card.md", FileDigest.ComputeSha256(cardPath)),
        CodeVersion = GitRevision.Read(null, Directory.GetCurrentDirectory()),
        ToolVersion = ToolInformation.Version,
        ManifestName = result.ManifestPath is null ? "unknown" : Path.GetRelativePath(Directory.GetCurrentDirectory(), result.ManifestPath).Replace('\\', '/'),
        BuildTime = BuildRecordWriter.ResolveBuildTime(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), DateTimeOffset.UtcNow),
    });
    AtomicFile.WriteIfChanged(Path.Combine(output, "provenance.intoto.json"), record);
    Console.WriteLine($"wrote {cardPath} and {Path.Combine(output, "provenance.intoto.json")}: training_manifest={result.ManifestHash}");
    return 0;
}

static int Explain(CommandLine line)
{
    line.RejectUnknown();
    var code = line.Arguments.FirstOrDefault()?.ToUpperInvariant();
    using var stream = code is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream($"rules/{code}.md");
    if (stream is null)
    {
        throw new UsageException($"explain takes a rule code such as PROV204 ('{code}' is not one). The rules: {string.Join(", ", Rules.All.Select(r => r.Id))}.");
    }

    using var reader = new StreamReader(stream);
    Console.Write(reader.ReadToEnd());
    return 0;
}

static string Quote(string value) =>
    value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '@') ? value : System.Text.Json.JsonSerializer.Serialize(value);
