using System.Text;
using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

/// <summary>Issue 14: shards verified by separate processes, merged and signed, and a CI build gating through them.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ScaleTests
{
    private readonly PackageFeed feed;

    public ScaleTests(PackageFeed feed) => this.feed = feed;

    private static (int ExitCode, string Output) Tool(string directory, params string[] arguments) => Processes.Tool(directory, arguments);

    [Fact]
    public void Two_shard_processes_merged_and_signed_let_a_CI_build_read_no_data_byte_and_bad_attestations_fail_with_their_codes()
    {
        var project = new TestProject(feed, "training");
        project.Write("training.proj", $"""
            <Project Sdk="Provenance.Build.Sdk/{PackageFeed.Version}" />
            """);
        var files = new StringBuilder("files:\n");
        for (var i = 0; i < 6; i++)
        {
            var content = string.Concat(Enumerable.Repeat($"{{\"row\":{i}}}\n", 100 * (i + 1)));
            files.Append($"  - path: data/part-{i}.jsonl\n    sha256: {TestProject.Sha256(content)}\n");
            project.Write($"data/part-{i}.jsonl", content);
        }

        project.Write("provenance.yaml", "dataset: sharded\nsource_records:\n  - support-chat-export@2026-05-22\nrights_basis: internal-use-policy-2026-04\ntransforms:\n  - normalize-v1\nreviewer_status: accepted\n" + files);
        Assert.Equal(0, Tool(project.Directory, "keygen", "--out", "keys").ExitCode);
        var shardOne = Tool(project.Directory, "verify", "--shard", "1/2", "--attest", "s1.json");
        var shardTwo = Tool(project.Directory, "verify", "--shard", "2/2", "--attest", "s2.json");
        Assert.True(shardOne.ExitCode == 0 && shardTwo.ExitCode == 0, shardOne.Output + shardTwo.Output);
        Assert.Equal(1, Tool(project.Directory, "attest", "merge", "s1.json", "--key", "keys/provenance-signing.key.pem", "-o", "partial.dsse.json").ExitCode);
        var merge = Tool(project.Directory, "attest", "merge", "s1.json", "s2.json", "--key", "keys/provenance-signing.key.pem", "-o", "verified.dsse.json");
        Assert.True(merge.ExitCode == 0, merge.Output);

        string[] Through(string attestation, params string[] more) => new[]
        {
            "-v:n", "-p:ProvenanceVerificationAttestation=" + attestation, "-p:ProvenanceTrustedKeys=" + project.Path_("keys/provenance-signing.pub.pem"),
        }.Concat(more).ToArray();
        var ci = new Dictionary<string, string?> { ["CI"] = "true" };
        var build = project.Run("build", ci, Through(project.Path_("verified.dsse.json")));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("6 files vouched for by verified.dsse.json", build.Text);
        Assert.Contains("Provenance: verified 0 files, 0 bytes, 0 from the cache, 0 bytes read", build.Text);
        Assert.Contains("(full mode)", build.Text);

        var expired = project.Run("build", ci, Through(project.Path_("verified.dsse.json"), "-p:ProvenanceAttestationMaxAge=0"));
        Assert.Contains("PROV811", expired.Codes("error"));

        Assert.Equal(0, Tool(project.Path_("keys"), "keygen", "--out", "other").ExitCode);
        var untrusted = project.Run("build", ci, "-p:ProvenanceVerificationAttestation=" + project.Path_("verified.dsse.json"), "-p:ProvenanceTrustedKeys=" + project.Path_("keys/other/provenance-signing.pub.pem"));
        Assert.Contains("PROV809", untrusted.Codes("error"));

        var envelope = project.Read("verified.dsse.json");
        var payload = JsonDocument.Parse(envelope).RootElement.GetProperty("payload").GetString()!;
        var forged = Encoding.UTF8.GetString(Convert.FromBase64String(payload)).Replace("data/part-0", "data/part-X");
        project.Write("forged.dsse.json", envelope.Replace(payload, Convert.ToBase64String(Encoding.UTF8.GetBytes(forged))));
        Assert.Contains("PROV808", project.Run("build", ci, Through(project.Path_("forged.dsse.json"))).Codes("error"));

        project.Write("provenance.yaml", project.Read("provenance.yaml") + "model_build: v2\n");
        Assert.Contains("PROV810", project.Run("build", ci, Through(project.Path_("verified.dsse.json"))).Codes("error"));
    }

    [Fact]
    public void The_distributed_verification_sample_runs_its_shards_on_Dask_workers()
    {
        var run = Processes.Run(Repository.Root, "bash", "-c",
            $"PROVENANCE_TOOL='dotnet {Repository.Tool}' PROVENANCE_PACKAGES='{feed.FeedDirectory}' NUGET_PACKAGES='{feed.PackagesDirectory}' bash samples/distributed-verification/run.sh");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("4 shards on 2 worker(s), 0 failed", run.Output);
        Assert.Contains("the gate read no data byte", run.Output);
    }

    [Fact]
    public void Projects_of_one_build_read_each_file_once_and_a_later_build_reads_again()
    {
        var root = new TestProject(feed, "Library");
        var random = new Random(14);
        var files = new StringBuilder("files:\n");
        for (var i = 0; i < 2; i++)
        {
            var bytes = new byte[3 << 19];
            random.NextBytes(bytes);
            var path = root.Path_($"dataset/data/part-{i}.bin");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            files.Append($"  - path: data/part-{i}.bin\n    sha256: {TestProject.Sha256File(path)}\n");
        }

        root.Write("dataset/provenance.yaml", "dataset: shared\nsource_records:\n  - support-chat-export@2026-05-22\nrights_basis: internal-use-policy-2026-04\ntransforms:\n  - normalize-v1\nreviewer_status: accepted\n" + files);
        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            var references = name == "A" ? "<ItemGroup><ProjectReference Include=\"../B/B.csproj\" /><ProjectReference Include=\"../C/C.csproj\" /></ItemGroup>" : string.Empty;
            root.Write($"{name}/{name}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ProvenanceManifest>../dataset/provenance.yaml</ProvenanceManifest>
                  </PropertyGroup>
                  <ItemGroup><PackageReference Include="Provenance.Build" Version="{PackageFeed.Version}" /></ItemGroup>
                  {references}
                </Project>
                """);
            root.Write($"{name}/Model.cs", $"namespace {name}; public static class Model {{ }}\n");
        }

        var ci = new Dictionary<string, string?> { ["CI"] = "true" };
        static string[] Verified(BuildOutput build) => build.Lines.Where(l => l.Contains("Provenance: verified ", StringComparison.Ordinal)).ToArray();

        // One build of three projects (full mode, on CI): the first gate reads the 3 MiB, the other two take its reads.
        var first = root.Run("build", ci, root.Path_("A/A.csproj"), "-m:1", "-v:n");
        Assert.True(first.ExitCode == 0, first.ToString());
        var lines = Verified(first);
        Assert.Equal(3, lines.Length);
        Assert.Single(lines, l => l.Contains("3.0 MiB read in", StringComparison.Ordinal) && !l.Contains("another gate", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Contains("2 (3.0 MiB) read by another gate in the shared digest store", StringComparison.Ordinal) && l.Contains(", 0 bytes read in", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.Contains("(full mode)", l));

        // The same on two MSBuild nodes (two processes): whichever gate reads a file first, the three read 3 MiB between them.
        var parallel = root.Run("build", ci, root.Path_("A/A.csproj"), "-m:2", "-v:n");
        Assert.True(parallel.ExitCode == 0, parallel.ToString());
        var mebibytes = Verified(parallel).Select(l => System.Text.RegularExpressions.Regex.Match(l, @", ([\d.]+) (bytes|KiB|MiB) read in ")).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (m.Groups[2].Value == "MiB" ? 1 : m.Groups[2].Value == "KiB" ? 1.0 / 1024 : 1.0 / 1048576)).ToList();
        Assert.Equal(3, mebibytes.Count);
        Assert.Equal(3.0, mebibytes.Sum(), precision: 3);

        // The next build reads every byte again: full mode never trusts a read of an earlier build.
        var second = root.Run("build", ci, root.Path_("A/A.csproj"), "-m:1", "-v:n");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Single(Verified(second), l => l.Contains("3.0 MiB read in", StringComparison.Ordinal) && !l.Contains("another gate", StringComparison.Ordinal));

        // A local build (cached mode) of a project that never built takes what the CI builds read, once the files settled.
        var local = root.Run("build", new Dictionary<string, string?> { ["CI"] = null }, root.Path_("D/D.csproj"), "-v:n", "-p:ProvenanceCacheSettleSeconds=0");
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains("2 (3.0 MiB) read by another gate in the shared digest store", Assert.Single(Verified(local)));
        Assert.Contains("(cached mode)", Assert.Single(Verified(local)));

        var bad = root.Run("build", ci, root.Path_("D/D.csproj"), "-p:ProvenanceDigestStoreMinBytes=lots");
        Assert.Contains("PROV008", bad.Codes("error"));
        var odd = root.Run("build", ci, root.Path_("D/D.csproj"), "-p:ProvenanceDigestStore=sometimes");
        Assert.Contains("PROV008", odd.Codes("error"));
        Assert.DoesNotContain("MSB4030", odd.Text);

        // Off: every project reads its own files.
        var own = root.Run("build", ci, root.Path_("A/A.csproj"), "-m:1", "-v:n", "-p:ProvenanceDigestStore=false");
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal(3, Verified(own).Count(l => l.Contains("3.0 MiB read in", StringComparison.Ordinal)));
    }
}
