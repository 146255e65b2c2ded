using System.Diagnostics;
using System.Text;
using Provenance.Gate;

namespace Provenance.Tests;

/// <summary>
/// Mutates valid manifests and quarantine records for a bounded time and checks that the gate always answers with
/// diagnostics or a valid result: never an internal error (PROV900, an exception it did not expect), never a hang
/// (an input taking more than five seconds).
/// The budget is PROVENANCE_FUZZ_SECONDS (default 8); a failure prints the seed and the input, so it can be replayed.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Tokens =
    {
        ":", ": ", "-", "- ", " ", "  ", "\n", "\r\n", "\t", "&a ", "*a", "&b ", "*b", "[", "]", "{", "}", "'", "\"", "!", "!!str ", "!!binary ",
        "#", "|", ">", "%YAML 1.2\n", "@", "---\n", "...\n", "\0", "\u00e9", "\uFEFF", "\\", "\\u0000", "?", ",", "~", "null", "true",
        "0x1F", "1e9999", "sha256:", "../", "/etc/passwd", "C:\\", "\\\\srv\\", "source_records", "transforms", "quarantine",
        "reviewer_status: quarantined", "status: lifted", "<<: *a", new string('x', 300),
    };

    [Fact]
    public void Mutated_manifests_and_records_never_crash_or_hang_the_gate()
    {
        var budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("PROVENANCE_FUZZ_SECONDS"), out var s) ? s : 8);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROVENANCE_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        var random = new Random(seed);
        using var dataset = new TestDataset();
        var corpus = Corpus(dataset);
        var total = Stopwatch.StartNew();
        var runs = 0;
        var slowest = TimeSpan.Zero;
        while (total.Elapsed < budget)
        {
            var (name, text) = corpus[random.Next(corpus.Count)];
            var mutated = Mutate(text, random);
            var isRecord = name.StartsWith("record", StringComparison.Ordinal);
            var path = isRecord ? "quarantine/fuzz.yaml" : name.EndsWith(".json", StringComparison.Ordinal) ? "provenance.json" : "provenance.yaml";
            CleanManifests(dataset);
            if (isRecord)
            {
                dataset.Directory.Write("provenance.yaml", dataset.ManifestText);
            }

            dataset.Directory.WriteBytes(path, mutated);
            var one = Stopwatch.StartNew();
            var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path) { Today = new DateTime(2026, 11, 24), MaxParallelism = 1 });
            one.Stop();
            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            runs++;
            var internalError = result.Diagnostics.FirstOrDefault(d => d.Id == "PROV900");
            Assert.True(internalError is null, $"seed {seed}, run {runs}, {name}: {internalError}\n--- input ---\n{Encoding.UTF8.GetString(mutated)}");
            // A hang bound, not a speed measurement: generous enough for a loaded shared machine, the first inputs pay JIT.
            Assert.True(runs <= 3 || one.Elapsed < TimeSpan.FromSeconds(5), $"seed {seed}, run {runs}, {name}: took {one.Elapsed}\n--- input ---\n{Encoding.UTF8.GetString(mutated)}");
            Assert.True(result.Passed || result.Diagnostics.Any(d => d.Severity == Diagnostics.DiagnosticSeverity.Error), "a failing result names its error");
        }

        Assert.True(runs > 50, $"only {runs} inputs in {budget}");
        Console.WriteLine($"fuzz: {runs} inputs in {total.Elapsed.TotalSeconds:0.0} s, slowest {slowest.TotalMilliseconds:0} ms, seed {seed}");
    }

    private static void CleanManifests(TestDataset dataset)
    {
        foreach (var name in new[] { "provenance.yaml", "provenance.json", "quarantine/fuzz.yaml" })
        {
            var path = dataset.Directory.Combine(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    private static List<(string Name, string Text)> Corpus(TestDataset dataset)
    {
        var corpus = new List<(string, string)>
        {
            ("manifest", dataset.ManifestText),
            ("record", "quarantine:\n  id: QR-1\n  source_record: support-chat-export@2026-05-22\n  trigger: opt-out record found\n  blocked_use: new training and benchmark publication\n  allowed_use: [incident-reproduction]\n  exit_condition: evidence attached\n  status: lifted\n  exit_evidence:\n    - path: ../data/train.jsonl\n      sha256: " + dataset.TrainSha + "\n"),
            ("manifest.json", $$"""{"dataset": "d", "source_records": ["a@1", {"id": "opt-out-list@1", "role": "opt-out-list"}], "rights_basis": "CC-BY-4.0", "transforms": ["opt-out-removal-v1", {"name": "dedupe", "version": 2, "params": {"threshold": 0.84}, "inputs": ["opt-out-removal"]}], "exclusion_report": {"path": "removed-records-8841.json"}, "reviewer_status": "accepted", "artifact": "data/train.jsonl", "sha256": "{{dataset.TrainSha}}"}"""),
        };
        var samples = Path.Combine(GatePolicyTests.RepoRoot(), "samples");
        foreach (var file in Directory.EnumerateFiles(samples, "*.yaml", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            corpus.Add((file.Contains("/quarantine/", StringComparison.Ordinal) ? "record:" + file : "manifest:" + file, File.ReadAllText(file)));
        }

        return corpus;
    }

    private static byte[] Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var mutations = 1 + random.Next(4);
        for (var i = 0; i < mutations && builder.Length > 0; i++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(7))
            {
                case 0:
                    builder.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(20)));
                    break;
                case 2:
                    var length = Math.Min(builder.Length - at, 1 + random.Next(80));
                    builder.Insert(random.Next(builder.Length), builder.ToString(at, length));
                    break;
                case 3:
                    var lines = builder.ToString().Split('\n').ToList();
                    var a = random.Next(lines.Count);
                    var b = random.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    builder = new StringBuilder(string.Join("\n", lines));
                    break;
                case 4:
                    var indented = builder.ToString().Split('\n').ToList();
                    var line = random.Next(indented.Count);
                    indented[line] = new string(' ', random.Next(6)) + indented[line].TrimStart();
                    builder = new StringBuilder(string.Join("\n", indented));
                    break;
                case 5:
                    builder[at] = (char)random.Next(0x20, 0x7F);
                    break;
                default:
                    var bytes = Encoding.UTF8.GetBytes(builder.ToString());
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    return bytes;
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}

/// <summary>
/// Random symbolic links (relative, absolute, chains, loops, '..' inside targets, devices, FIFOs) and random manifest
/// paths: whatever the layout, the gate never verifies bytes outside the data root, never crashes and never hangs, with
/// openat2 and with the portable walk that other platforms use. A secret outside the root carries the declared digest,
/// so any escape would show as a verified file.
/// </summary>
public sealed class PathFuzzTests
{
    private static readonly string[] Names = { "a", "b", "L", "L2", "d", "secret.jsonl", "..", ".", "..", "nope" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Links_and_paths_never_verify_bytes_outside_the_root(bool portableWalk)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("PROVENANCE_FUZZ_SECONDS"), out var s) ? s / 2 : 4);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROVENANCE_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        var random = new Random(seed);
        using var outside = new TempDirectory();
        var secret = "bytes that live outside the data root\n";
        outside.Write("secret.jsonl", secret);
        outside.Write("d/secret.jsonl", secret);
        var secretSha = TestDataset.Sha256(secret);
        using var root = new TempDirectory();
        var fuzz = root.Combine("data/fz");
        var total = Stopwatch.StartNew();
        var runs = 0;
        while (total.Elapsed < budget)
        {
            if (Directory.Exists(fuzz))
            {
                Directory.Delete(fuzz, recursive: true);
            }

            Directory.CreateDirectory(Path.Combine(fuzz, "d"));
            var layout = new StringBuilder();
            for (var i = 1 + random.Next(4); i > 0; i--)
            {
                var name = Names[random.Next(4)];
                var target = random.Next(6) switch
                {
                    0 => outside.Path,
                    1 => Path.Combine(outside.Path, "d"),
                    2 => "/dev/zero",
                    _ => string.Join("/", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Names[random.Next(Names.Length)])),
                };
                var link = Path.Combine(fuzz, name);
                if (!File.Exists(link) && !Directory.Exists(link) && new FileInfo(link).LinkTarget is null)
                {
                    File.CreateSymbolicLink(link, target);
                    layout.Append($"{name} -> {target}\n");
                }
            }

            var manifestPath = "data/fz/" + string.Join("/", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Names[random.Next(Names.Length)]));
            var file = new Manifests.EvidenceFile("artifact", Diagnostics.SourceLocation.None, new Manifests.Located<string>(manifestPath, Diagnostics.SourceLocation.None), new Manifests.Located<string>(secretSha, Diagnostics.SourceLocation.None), digestRequired: true);
            using var policy = new Verification.DataRootPolicy(new[] { root.Path }) { UsePortableWalk = portableWalk };
            var verifier = new Verification.EvidenceVerifier(policy, 1, CancellationToken.None);
            var diagnostics = new Diagnostics.DiagnosticBag();
            var one = Stopwatch.StartNew();
            var verified = verifier.Verify(new[] { file }, root.Path, diagnostics);
            runs++;
            var what = $"seed {seed}, run {runs}, path {manifestPath}, portable {portableWalk}\n{layout}";
            Assert.True(verified.Count == 0, "verified bytes outside the root: " + what);
            Assert.True(diagnostics.Items.Count > 0, "no diagnostic: " + what);
            Assert.DoesNotContain(diagnostics.Items, d => d.Id == "PROV900" || d.Message.Contains(secretSha, StringComparison.Ordinal));
            Assert.True(runs <= 3 || one.Elapsed < TimeSpan.FromSeconds(5), $"took {one.Elapsed}: {what}");
        }

        Assert.True(runs > 20, $"only {runs} layouts in {budget}");
    }
}
