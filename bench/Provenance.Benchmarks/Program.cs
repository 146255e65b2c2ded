// Measures digest verification against `openssl dgst -sha256` on the same files, the attested and the six-project gate
// against full verification of the same 3 GiB, and the warm no-op gate against a no-op `dotnet build`, in one run on
// this machine. Generates its own data. See README "Performance".
//   dotnet run -c Release --project bench/Provenance.Benchmarks [-- --large-mib 1024 --files 64 --file-mib 48 --small-files 10000 --huge-files 100000]
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Provenance.Gate;
using Provenance.Verification;

if (args.Length >= 2 && args[0] == "gate-child")
{
    return GateChild(args[1]);
}

if (args.Length >= 2 && args[0] == "replay-once")
{
    var stopwatch = Stopwatch.StartNew();
    var dir = args[1];
    var result = ProvenanceGate.Run(new GateOptions(dir) { VerifyDigests = DigestVerification.Cached, CacheSettleTime = TimeSpan.Zero, DigestCachePath = Path.Combine(dir, "obj", "digests.cache"), SummaryPath = Path.Combine(dir, "obj", "gate.json"), StatePath = Path.Combine(dir, "obj", "gate.state") });
    var gate = stopwatch.Elapsed.TotalMilliseconds;
    var items = result.VerifiedFiles.Select(f => f.FullPath).ToList();
    Console.WriteLine($"fresh process: replayed={result.Replayed} gate {gate:0} ms, {items.Count} files, process uptime {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms");
    return 0;
}

if (args.Length >= 1 && args[0] == "profile")
{
    return Profile(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
}

var options = Options.Parse(args);
var repo = FindRepoRoot();
if (args.Length >= 1 && args[0] == "six-projects")
{
    // Only the six-project row, for working on it.
    var scratch = Path.Combine(Path.GetTempPath(), "provenance-bench-" + Environment.ProcessId);
    try
    {
        var names = Enumerable.Range(0, options.Files).Select(i => $"part-{i:000}.bin").ToArray();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            Generate(Path.Combine(scratch, "many"), name, options.FileMiB, seed: 100 + i);
        }

        WriteManifest(Path.Combine(scratch, "many"), names);
        var (six, one) = SixProjects(repo, scratch, options);
        Console.WriteLine($"ratio {six / one:0.00}x");
        return 0;
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }
}

var root = Path.Combine(Path.GetTempPath(), "provenance-bench-" + Environment.ProcessId);
Directory.CreateDirectory(root);
try
{
    Console.WriteLine($"Provenance.Build benchmark: {Environment.ProcessorCount} cores, {options.Runs} runs each, median reported; data in {root}");
    var large = LargeFile(root, options);
    var many = ManyFiles(root, options);
    var attested = Attested(root, options);
    var projects = SixProjects(repo, root, options);
    var memory = PeakMemory(root);
    var noOpReused = WarmNoOp(repo, root, options, options.SmallFiles, options.SmallFileKiB, nodeReuse: true);
    var noOpFresh = WarmNoOp(repo, root, options, options.SmallFiles, options.SmallFileKiB, nodeReuse: false);
    var noOpHuge = WarmNoOp(repo, root, options, options.HugeFiles, 4, nodeReuse: true);
    Console.WriteLine();
    Console.WriteLine("| measurement | ours | reference | ratio | goal |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine($"| one {options.LargeMiB} MiB file, full verify vs `openssl dgst -sha256` | {large.Ours:0.000} s | {large.Reference:0.000} s | {large.Reference / large.Ours:0.00}x openssl's speed | >= 0.90x |");
    Console.WriteLine($"| {options.Files} x {options.FileMiB} MiB, full verify vs openssl one after another | {many.Ours:0.000} s | {many.Reference:0.000} s | {many.Reference / many.Ours:0.00}x openssl's speed | >= 1.70x |");
    Console.WriteLine($"| the same {options.Files} x {options.FileMiB} MiB: full-mode gate through a signed verification attestation vs full-mode gate reading every byte | {attested.Ours:0.000} s | {attested.Reference:0.000} s | {attested.Ours / attested.Reference:P1} of full verification | <= 10% |");
    Console.WriteLine($"| 6 projects of one solution sharing the manifest of those {options.Files} x {options.FileMiB} MiB, `dotnet build -m` on CI (full mode) vs one of them built alone: gate cost (build minus the same build with ProvenanceMode=off) | {projects.Ours:0.000} s | {projects.Reference:0.000} s | {projects.Ours / projects.Reference:0.00}x one project | <= 1.25x |");
    Console.WriteLine($"| warm no-op gate (the VerifyProvenance task), {options.SmallFiles:N0} files vs no-op `dotnet build --no-restore` with ProvenanceMode=off, MSBuild nodes reused (the default) | {noOpReused.Ours:0.000} s | {noOpReused.Reference:0.000} s | {noOpReused.Ours / noOpReused.Reference:P1} of the build | <= 10% |");
    Console.WriteLine($"| the same with `-nodeReuse:false` | {noOpFresh.Ours:0.000} s | {noOpFresh.Reference:0.000} s | {noOpFresh.Ours / noOpFresh.Reference:P1} of the build | |");
    Console.WriteLine($"| warm no-op gate, {options.HugeFiles:N0} files, vs the same no-op build with ProvenanceMode=off | {noOpHuge.Ours:0.000} s | {noOpHuge.Reference:0.000} s | {noOpHuge.Ours / noOpHuge.Reference:P1} of the build | <= 0.25 s |");
    Console.WriteLine($"| whole no-op build with the gate (every Provenance target) minus the gate-off build: {options.SmallFiles:N0} / {options.HugeFiles:N0} files | {noOpReused.WholeBuild:0.000} s / {noOpHuge.WholeBuild:0.000} s | {noOpReused.Reference:0.000} s / {noOpHuge.Reference:0.000} s | {noOpReused.WholeBuild / noOpReused.Reference:P1} / {noOpHuge.WholeBuild / noOpHuge.Reference:P1} of the build | |");
    Console.WriteLine($"| peak memory of the gate on the {options.LargeMiB} MiB file | {memory / 1048576.0:0.0} MiB | | | < 100 MB |");
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static (double Ours, double Reference) LargeFile(string root, Options options)
{
    var directory = Path.Combine(root, "large");
    var file = Generate(directory, "large.bin", options.LargeMiB, seed: 1);
    WriteManifest(directory, new[] { "large.bin" });
    RunProcess("openssl", "dgst", "-sha256", file); // warm the page cache for both
    var reference = Median(options.Runs, () => Time(() => RunProcess("openssl", "dgst", "-sha256", file)));
    var ours = Median(options.Runs, () => Time(() => Gate(directory, DigestVerification.Full)));
    Console.WriteLine($"large file: ours {ours:0.000} s, openssl {reference:0.000} s");
    return (ours, reference);
}

static (double Ours, double Reference) ManyFiles(string root, Options options)
{
    var directory = Path.Combine(root, "many");
    var names = Enumerable.Range(0, options.Files).Select(i => $"part-{i:000}.bin").ToArray();
    var files = names.Select((n, i) => Generate(directory, n, options.FileMiB, seed: 100 + i)).ToArray();
    WriteManifest(directory, names);
    RunProcess("openssl", new[] { "dgst", "-sha256" }.Concat(files).ToArray());
    var reference = Median(options.Runs, () => Time(() => RunProcess("openssl", new[] { "dgst", "-sha256" }.Concat(files).ToArray())));
    var ours = Median(options.Runs, () => Time(() => Gate(directory, DigestVerification.Full)));
    Console.WriteLine($"many files: ours {ours:0.000} s, openssl sequential {reference:0.000} s");
    return (ours, reference);
}

// The files of ManyFiles, vouched for by an attestation made and signed here (as `attest merge` would), read by nothing.
static (double Ours, double Reference) Attested(string root, Options options)
{
    var directory = Path.Combine(root, "many");
    var (statement, diagnostics) = Provenance.Attestations.ShardVerification.Run(new GateOptions(directory), 1, 1, "bench", DateTimeOffset.UtcNow);
    if (statement is null)
    {
        throw new InvalidOperationException(string.Join("\n", diagnostics));
    }

    var (privatePem, publicPem, _) = Provenance.Signing.SigningKey.Generate();
    using var key = Provenance.Signing.SigningKey.FromPem(privatePem, out _)!;
    var attestation = Path.Combine(root, "verified.dsse.json");
    var trusted = Path.Combine(root, "verifier.pub.pem");
    File.WriteAllText(attestation, Provenance.Signing.DsseEnvelope.Sign(Provenance.Signing.DsseEnvelope.InTotoPayloadType, System.Text.Encoding.UTF8.GetBytes(statement.ToJson()), key).ToJson());
    File.WriteAllText(trusted, publicPem);
    var reference = Median(options.Runs, () => Time(() => Gate(directory, DigestVerification.Full)));
    var ours = Median(options.Runs, () => Time(() =>
    {
        var result = ProvenanceGate.Run(new GateOptions(directory) { VerifyDigests = DigestVerification.Full, Attestations = new[] { attestation }, TrustedKeys = new[] { trusted } });
        if (!result.Passed || result.Statistics.BytesRead != 0)
        {
            throw new InvalidOperationException("The attested gate read bytes or failed:\n" + string.Join("\n", result.Diagnostics));
        }
    }));
    Console.WriteLine($"attested: ours {ours:0.000} s, full verification {reference:0.000} s");
    return (ours, reference);
}

// Six projects name the same manifest; the shared digest store lets one build read each file once (docs/scale.md).
static (double Ours, double Reference) SixProjects(string repo, string root, Options options)
{
    var feed = PackFeed(repo, root);
    var solution = Path.Combine(root, "solution");
    Directory.CreateDirectory(solution);
    File.WriteAllText(Path.Combine(solution, "Directory.Build.props"), "<Project />");
    File.WriteAllText(Path.Combine(solution, "Directory.Build.targets"), "<Project />");
    File.WriteAllText(Path.Combine(solution, "nuget.config"), NuGetConfig(root, feed));
    var names = Enumerable.Range(1, 6).Select(i => $"Model{i}").ToList();
    foreach (var name in names)
    {
        Directory.CreateDirectory(Path.Combine(solution, name));
        File.WriteAllText(Path.Combine(solution, name, name + ".csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ProvenanceManifest>../../many/provenance.yaml</ProvenanceManifest><ProvenanceEmbedManifestHash>false</ProvenanceEmbedManifestHash></PropertyGroup><ItemGroup><PackageReference Include=\"Provenance.Build\" Version=\"1.0.0\" /></ItemGroup></Project>");
        File.WriteAllText(Path.Combine(solution, name, "Model.cs"), $"namespace {name}; public static class Model {{ }}\n");
    }

    var environment = new Dictionary<string, string?> { ["CI"] = "true", ["XDG_CACHE_HOME"] = Path.Combine(root, "cache") };
    RunIn(solution, environment, "dotnet", "new", "sln", "-n", "Models", "--format", "sln");
    RunIn(solution, environment, "dotnet", new[] { "sln", "Models.sln", "add" }.Concat(names.Select(n => $"{n}/{n}.csproj")).ToArray());
    RunIn(solution, environment, "dotnet", "build", "Models.sln", "-nodeReuse:false");
    double GateCost(string target)
    {
        // Alternating, so that whatever else the machine does weighs on both alike.
        var runs = Math.Max(options.Runs, 5);
        var on = new List<double>();
        var off = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            on.Add(Time(() => RunIn(solution, environment, "dotnet", "build", target, "--no-restore", "-nodeReuse:false")));
            off.Add(Time(() => RunIn(solution, environment, "dotnet", "build", target, "--no-restore", "-nodeReuse:false", "-p:ProvenanceMode=off")));
        }

        return on.OrderBy(v => v).ElementAt(runs / 2) - off.OrderBy(v => v).ElementAt(runs / 2);
    }

    var one = GateCost("Model1/Model1.csproj");
    var six = GateCost("Models.sln");
    var read = Regex.Matches(RunIn(solution, environment, "dotnet", "build", "Models.sln", "--no-restore", "-nodeReuse:false", "-v:n"), @"Provenance: verified .*?, ([\d.]+ \w+) read in").Select(m => m.Groups[1].Value);
    Console.WriteLine($"6 projects: gate cost {six:0.000} s, one project {one:0.000} s; the six gates read {string.Join(" + ", read)}");
    return (six, one);
}

static string PackFeed(string repo, string root)
{
    var feed = Path.Combine(root, "feed");
    if (!Directory.Exists(feed))
    {
        RunProcess("dotnet", "pack", Path.Combine(repo, "src", "Provenance.Build", "Provenance.Build.csproj"), "-c", "Release", "-o", feed, "-nodeReuse:false");
    }

    return feed;
}

static string NuGetConfig(string root, string feed) =>
    $"<configuration><config><add key=\"globalPackagesFolder\" value=\"{Path.Combine(root, "packages")}\" /></config><packageSources><clear /><add key=\"feed\" value=\"{feed}\" /></packageSources></configuration>";

static long PeakMemory(string root)
{
    var self = Environment.ProcessPath!;
    var assembly = typeof(Options).Assembly.Location;
    var output = self.EndsWith("dotnet", StringComparison.Ordinal)
        ? RunProcess(self, assembly, "gate-child", Path.Combine(root, "large"))
        : RunProcess(self, "gate-child", Path.Combine(root, "large"));
    var peak = long.Parse(Regex.Match(output, @"peak-rss-bytes=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    Console.WriteLine($"peak memory: {peak / 1048576.0:0.0} MiB (VmHWM of a process that only runs the gate)");
    return peak;
}

static (double Ours, double Reference, double WholeBuild) WarmNoOp(string repo, string root, Options options, int count, int fileKiB, bool nodeReuse)
{
    var feed = PackFeed(repo, root);
    var reuse = "-nodeReuse:" + (nodeReuse ? "true" : "false");
    var tasks = options.TasksAssembly is null ? "-p:ProvenanceUnused=" : "-p:ProvenanceTasksAssembly=" + options.TasksAssembly;
    var project = Path.Combine(root, $"noop-{count}-" + (nodeReuse ? "reused" : "fresh"));
    var names = new List<string>();
    for (var i = 0; i < count; i++)
    {
        var name = $"data/{i / 1000:000}/shard-{i:000000}.bin";
        Generate(project, name, 0, seed: 1000 + i, bytes: fileKiB * 1024);
        names.Add(name);
    }

    WriteManifest(project, names);
    File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
    File.WriteAllText(Path.Combine(project, "Directory.Build.targets"), "<Project />");
    File.WriteAllText(Path.Combine(project, "nuget.config"), NuGetConfig(root, feed));
    File.WriteAllText(Path.Combine(project, "Bench.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><EnableDefaultItems>false</EnableDefaultItems><ProvenanceEmbedManifestHash>false</ProvenanceEmbedManifestHash></PropertyGroup><ItemGroup><Compile Include=\"Class.cs\" /><PackageReference Include=\"Provenance.Build\" Version=\"1.0.0\" /></ItemGroup></Project>");
    File.WriteAllText(Path.Combine(project, "Class.cs"), "namespace Bench; public static class Class { }\n");
    // The files were written a moment ago; the steady state this measures is files older than the settle time.
    var local = new Dictionary<string, string?> { ["CI"] = null, ["ContinuousIntegrationBuild"] = null, ["ProvenanceCacheSettleSeconds"] = "0", ["XDG_CACHE_HOME"] = Path.Combine(root, "cache") };
    RunIn(project, local, "dotnet", "build", reuse, "-p:ProvenanceVerifyDigests=cached"); // cold: fills the digest cache and the gate state
    RunIn(project, local, "dotnet", "build", "--no-restore", reuse, "-p:ProvenanceMode=off"); // first off build: warms the nodes
    var runs = Math.Max(options.Runs, 7);
    var off = new List<double>();
    var on = new List<double>();
    var gate = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        // Alternating, so that whatever else the machine does weighs on both alike.
        off.Add(Time(() => RunIn(project, local, "dotnet", "build", "--no-restore", reuse, tasks, "-p:ProvenanceMode=off")));
        string output = string.Empty;
        on.Add(Time(() => output = RunIn(project, local, "dotnet", "build", "--no-restore", reuse, tasks, "-p:ProvenanceVerifyDigests=cached", "-v:n", "-clp:PerformanceSummary")));
        if (!output.Contains($"identity of all {count:N0} files): result replayed without reading data", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The warm build did not replay the gate:\n" + output);
        }

        gate.Add(int.Parse(Regex.Match(output, @"(\d+) ms\s+VerifyProvenance\s").Groups[1].Value, CultureInfo.InvariantCulture) / 1000.0);
    }

    // The whole-build difference is measured at the same verbosity as the off build, apart from the runs above.
    var quietOn = Enumerable.Range(0, runs).Select(_ => Time(() => RunIn(project, local, "dotnet", "build", "--no-restore", reuse, tasks, "-p:ProvenanceVerifyDigests=cached"))).ToList();
    double MedianOf(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
    var (gateMedian, offMedian, wholeBuild) = (MedianOf(gate), MedianOf(off), MedianOf(quietOn) - MedianOf(off));
    Console.WriteLine($"warm no-op, {count:N0} files ({reuse}): VerifyProvenance task {gateMedian:0.000} s, no-op build with the gate off {offMedian:0.000} s, with the gate on {MedianOf(quietOn):0.000} s");
    if (nodeReuse)
    {
        RunProcess("dotnet", "build-server", "shutdown");
    }

    Directory.Delete(project, recursive: true);
    return (gateMedian, offMedian, wholeBuild);
}

// Where a warm gate's time goes, in one process: the first run pays JIT, later runs show the steady state.
static int Profile(int count)
{
    var directory = Path.Combine(Path.GetTempPath(), "provenance-profile-" + Environment.ProcessId);
    try
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"data/{i / 1000:00}/shard-{i:00000}.bin";
            Generate(directory, name, 0, seed: i, bytes: 1024);
            names.Add(name);
        }

        WriteManifest(directory, names);
        var cache = Path.Combine(directory, "obj", "digests.cache");
        for (var run = 0; run < 4; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            var result = ProvenanceGate.Run(new GateOptions(directory) { VerifyDigests = DigestVerification.Cached, CacheSettleTime = TimeSpan.Zero, DigestCachePath = cache, SummaryPath = Path.Combine(directory, "obj", "gate.json"), StatePath = Path.Combine(directory, "obj", "gate.state") });
            var gate = stopwatch.Elapsed.TotalMilliseconds;
            var summary = Provenance.Stamping.GateSummary.From(result).ToJson();
            var phases = Stopwatch.StartNew();
            var bag = new Provenance.Diagnostics.DiagnosticBag();
            var document = Provenance.Documents.DocumentLoader.Load(Path.Combine(directory, "provenance.yaml"), Provenance.Documents.ReadLimits.Default, bag)!;
            var load = phases.Elapsed.TotalMilliseconds;
            var manifest = Provenance.Manifests.ManifestReader.Read(document, bag)!;
            var read = phases.Elapsed.TotalMilliseconds;
            Provenance.Manifests.ManifestRules.Check(manifest, bag);
            var rules = phases.Elapsed.TotalMilliseconds;
            var digestCache = DigestCache.Load(cache);
            var cacheLoad = phases.Elapsed.TotalMilliseconds;
            using var policy = new DataRootPolicy(new[] { directory });
            foreach (var file in manifest.Files)
            {
                policy.TryResolve(directory, file.Path!.Value, out var contained, out _);
                policy.Inspect(contained);
            }

            var resolve = phases.Elapsed.TotalMilliseconds;
            Console.WriteLine($"   phases: yaml {load:0} ms, model {read - load:0} ms, rules {rules - read:0} ms, cache load {cacheLoad - rules:0} ms, resolve+stat {resolve - cacheLoad:0} ms");
            Console.WriteLine($"run {run}: replayed={result.Replayed} gate {gate:0} ms (verification {result.Statistics.Elapsed.TotalMilliseconds:0} ms, {result.Statistics.FromCache} cached), summary {stopwatch.Elapsed.TotalMilliseconds - gate:0} ms, {summary.Length / 1024} KiB");
        }

        var self = Environment.ProcessPath!;
        for (var i = 0; i < 3; i++)
        {
            Console.Write(self.EndsWith("dotnet", StringComparison.Ordinal)
                ? RunProcess(self, typeof(Options).Assembly.Location, "replay-once", directory)
                : RunProcess(self, "replay-once", directory));
        }

        return 0;
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

static int GateChild(string directory)
{
    var result = Gate(directory, DigestVerification.Full);
    var status = File.ReadAllText("/proc/self/status");
    var peakKiB = long.Parse(Regex.Match(status, @"VmHWM:\s+(\d+) kB").Groups[1].Value, CultureInfo.InvariantCulture);
    Console.WriteLine($"passed={result.Passed} peak-rss-bytes={peakKiB * 1024}");
    return result.Passed ? 0 : 1;
}

static GateResult Gate(string directory, DigestVerification mode)
{
    var result = ProvenanceGate.Run(new GateOptions(directory) { VerifyDigests = mode });
    if (!result.Passed)
    {
        throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    return result;
}

static string Generate(string directory, string name, int mib, int seed, int bytes = 0)
{
    var path = Path.Combine(directory, name);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var random = new Random(seed);
    var buffer = new byte[bytes > 0 ? bytes : 1 << 20];
    using var stream = File.Create(path);
    for (var i = 0; i < (bytes > 0 ? 1 : mib); i++)
    {
        random.NextBytes(buffer);
        stream.Write(buffer);
    }

    return path;
}

static void WriteManifest(string directory, IEnumerable<string> files)
{
    using var writer = new StreamWriter(Path.Combine(directory, "provenance.yaml"));
    writer.Write("dataset: bench\nsource_records: [bench-source@2026-11-24]\nrights_basis: CC-BY-4.0\ntransforms: [shard-v1]\nreviewer_status: accepted\nfiles:\n");
    foreach (var file in files)
    {
        writer.Write($"  - path: {file}\n    sha256: {FileDigest.ComputeSha256(Path.Combine(directory, file))}\n");
    }
}

static double Time(Action action)
{
    var stopwatch = Stopwatch.StartNew();
    action();
    return stopwatch.Elapsed.TotalSeconds;
}

static double Median(int runs, Func<double> measure)
{
    var values = Enumerable.Range(0, runs).Select(_ => measure()).OrderBy(v => v).ToArray();
    return values[values.Length / 2];
}

static string RunProcess(string file, params string[] arguments) => RunIn(Directory.GetCurrentDirectory(), new Dictionary<string, string?>(), file, arguments);

static string RunIn(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string file, params string[] arguments)
{
    var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
    {
        start.Environment.Remove(key);
    }

    foreach (var (key, value) in environment)
    {
        if (value is null)
        {
            start.Environment.Remove(key);
        }
        else
        {
            start.Environment[key] = value;
        }
    }

    using var process = Process.Start(start)!;
    var error = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(" ", arguments)} exited {process.ExitCode}:\n{output}\n{error.Result}");
    }

    return output;
}

static string FindRepoRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Provenance.Build.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (Provenance.Build.sln not found).");
}

internal sealed record Options(int LargeMiB, int Files, int FileMiB, int SmallFiles, int SmallFileKiB, int HugeFiles, int Runs, string? TasksAssembly)
{
    public static Options Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var tasks = Array.IndexOf(args, "--tasks-assembly");
        return new Options(Get("--large-mib", 1024), Get("--files", 64), Get("--file-mib", 48), Get("--small-files", 10_000), Get("--small-file-kib", 64), Get("--huge-files", 100_000), Get("--runs", 3), tasks >= 0 && tasks + 1 < args.Length ? args[tasks + 1] : null);
    }
}
