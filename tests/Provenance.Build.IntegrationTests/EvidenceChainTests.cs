using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Provenance.Build.IntegrationTests;

/// <summary>Issue 13: signed records that openssl verifies, and evidence that travels with the model.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class EvidenceChainTests
{
    private readonly PackageFeed feed;
    private readonly string tool = Repository.Tool;

    public EvidenceChainTests(PackageFeed feed) => this.feed = feed;

    private static (int ExitCode, string Output) Process(string directory, string file, params string[] arguments) => Processes.Run(directory, file, arguments);

    /// <summary>openssl's own verdict on the envelope: the PAE bytes, the DER signature, the public key.</summary>
    internal static string OpenSslVerify(string envelopePath, string publicKey)
    {
        using var envelope = JsonDocument.Parse(File.ReadAllText(envelopePath));
        var type = Encoding.UTF8.GetBytes(envelope.RootElement.GetProperty("payloadType").GetString()!);
        var payload = Convert.FromBase64String(envelope.RootElement.GetProperty("payload").GetString()!);
        var pae = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ").Concat(type).Concat(Encoding.ASCII.GetBytes($" {payload.Length} ")).Concat(payload).ToArray();
        var folder = Path.Combine(Path.GetTempPath(), "provenance-openssl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "pae.bin"), pae);
        File.WriteAllBytes(Path.Combine(folder, "sig.der"), Convert.FromBase64String(envelope.RootElement.GetProperty("signatures")[0].GetProperty("sig").GetString()!));
        return Process(folder, "openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", "sig.der", "pae.bin").Output.Trim();
    }

    private string Keygen(string folder)
    {
        var keygen = Process(folder, "dotnet", tool, "keygen", "--out", "keys");
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        return Path.Combine(folder, "keys");
    }

    [Fact]
    public void A_signed_build_writes_an_envelope_openssl_verifies_keeps_it_while_nothing_changes_and_removes_it_without_a_key()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var keys = Keygen(project.Directory);
        var key = "-p:ProvenanceSigningKey=" + Path.Combine(keys, "provenance-signing.key.pem");
        var build = project.Build(key);
        Assert.True(build.ExitCode == 0, build.ToString());
        var envelope = Path.Combine(project.OutputDirectory, "provenance.intoto.dsse.json");
        var record = Path.Combine(project.OutputDirectory, "provenance.intoto.json");
        Assert.Equal("Verified OK", OpenSslVerify(envelope, Path.Combine(keys, "provenance-signing.pub.pem")));
        using (var json = JsonDocument.Parse(File.ReadAllText(envelope)))
        {
            Assert.Equal("application/vnd.in-toto+json", json.RootElement.GetProperty("payloadType").GetString());
            Assert.Equal(File.ReadAllBytes(record), Convert.FromBase64String(json.RootElement.GetProperty("payload").GetString()!));
            var spki = Process(keys, "openssl", "pkey", "-pubin", "-in", "provenance-signing.pub.pem", "-outform", "DER", "-out", "spki.der");
            Assert.Equal(0, spki.ExitCode);
            Assert.Equal(TestProject.Sha256File(Path.Combine(keys, "spki.der")), json.RootElement.GetProperty("signatures")[0].GetProperty("keyid").GetString());
        }

        Assert.DoesNotContain("PRIVATE KEY", build.Text);
        var signed = File.GetLastWriteTimeUtc(envelope);
        Assert.True(project.Build(key).ExitCode == 0);
        Assert.Equal(signed, File.GetLastWriteTimeUtc(envelope));

        Assert.True(project.Build().ExitCode == 0);
        Assert.False(File.Exists(envelope), "an envelope of an earlier build stayed beside a record it may not sign");
    }

    [Fact]
    public void The_key_can_come_from_PROVENANCE_SIGNING_KEY_and_an_unusable_key_is_PROV706_without_key_material()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var keys = Keygen(project.Directory);
        var fromEnvironment = project.Run("build", new Dictionary<string, string?> { ["PROVENANCE_SIGNING_KEY"] = File.ReadAllText(Path.Combine(keys, "provenance-signing.key.pem")) });
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Equal("Verified OK", OpenSslVerify(Path.Combine(project.OutputDirectory, "provenance.intoto.dsse.json"), Path.Combine(keys, "provenance-signing.pub.pem")));

        Assert.Equal(0, Process(keys, "openssl", "genrsa", "-out", "rsa.pem", "2048").ExitCode);
        Assert.Equal(0, Process(keys, "openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.pem").ExitCode);
        Assert.Equal(0, Process(keys, "openssl", "pkcs8", "-topk8", "-in", "provenance-signing.key.pem", "-out", "encrypted.pem", "-passout", "pass:secret").ExitCode);
        foreach (var (file, why) in new[] { ("rsa.pem", "not an ECDSA key"), ("p384.pem", "not P-256"), ("encrypted.pem", "encrypted"), ("provenance-signing.pub.pem", "public key") })
        {
            var bad = project.Build("-p:ProvenanceSigningKey=" + Path.Combine(keys, file));
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("PROV706", bad.Codes("error"));
            Assert.Contains(why, bad.Text);
            Assert.DoesNotContain("BEGIN", bad.Text);
            Assert.False(File.Exists(Path.Combine(project.OutputDirectory, "provenance.intoto.json")), file + ": a record stayed without its signature");
        }
    }

    [Fact]
    public void Publish_and_pack_carry_the_card_the_record_and_the_envelope_and_the_assembly_is_a_subject()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        var keys = Keygen(project.Directory);
        var key = "-p:ProvenanceSigningKey=" + Path.Combine(keys, "provenance-signing.key.pem");
        var publish = project.Run("publish", key, "-o", "pub");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        foreach (var name in new[] { "model-card.md", "provenance.intoto.json", "provenance.intoto.dsse.json" })
        {
            Assert.True(File.Exists(project.Path_("pub/" + name)), name + " is not in the publish folder");
        }

        using (var record = JsonDocument.Parse(project.Read("pub/provenance.intoto.json")))
        {
            Assert.Contains(record.RootElement.GetProperty("subject").EnumerateArray(), s => s.GetProperty("digest").GetProperty("sha256").GetString() == TestProject.Sha256File(project.Path_("pub/SupportClassifier.dll")));
        }

        var pack = project.Run("pack", key, "-o", "pkg");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        using var package = ZipFile.OpenRead(Directory.GetFiles(project.Path_("pkg"), "*.nupkg").Single());
        var names = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("provenance/net10.0/model-card.md", names);
        Assert.Contains("provenance/net10.0/provenance.intoto.json", names);
        Assert.Contains("provenance/net10.0/provenance.intoto.dsse.json", names);

        var optOut = project.Run("publish", "-o", "pub2", "-p:ProvenancePublishEvidence=false");
        Assert.True(optOut.ExitCode == 0, optOut.ToString());
        Assert.False(File.Exists(project.Path_("pub2/model-card.md")));
    }

    private static void Git(string directory, params string[] arguments) => Processes.Git(directory, arguments);

    [Fact]
    public void Trace_walks_from_a_shipped_copy_to_the_committed_manifest_and_every_broken_link_exits_1_with_its_code()
    {
        var project = new TestProject(feed, "SupportClassifier").CopySample("support-classifier");
        project.Write(".gitignore", "bin/\nobj/\n*.binlog\nkeys/\nshipped/\n");
        Git(project.Directory, "init", "-q");
        Git(project.Directory, "add", "-A");
        Git(project.Directory, "commit", "-q", "-m", "repaired manifest");
        var firstCommit = Process(project.Directory, "git", "rev-parse", "HEAD").Output.Trim();
        var keys = Keygen(project.Directory);
        var pub = Path.Combine(keys, "provenance-signing.pub.pem");
        var build = project.Build("-p:ProvenanceSigningKey=" + Path.Combine(keys, "provenance-signing.key.pem"));
        Assert.True(build.ExitCode == 0, build.ToString());

        var shipped = project.Path_("shipped");
        Directory.CreateDirectory(shipped);
        foreach (var name in new[] { "SupportClassifier.dll", "model-card.md", "provenance.intoto.json", "provenance.intoto.dsse.json" })
        {
            File.Copy(Path.Combine(project.OutputDirectory, name), Path.Combine(shipped, name));
        }

        project.Write("provenance.yaml", project.Read("provenance.yaml").Replace("  - non-English coverage gap\n", string.Empty).Replace("resolved_risks:", "resolved_risks:") + "resolved_risks:\n  - risk: non-English coverage gap\n    resolution: multilingual-redaction-v1 added\n    resolved_at: 2026-06-10\n");
        Git(project.Directory, "commit", "-q", "-am", "resolve the coverage risk");

        var dll = Path.Combine(shipped, "SupportClassifier.dll");
        var trace = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", pub, "--require-signature");
        Assert.True(trace.ExitCode == 0, trace.Output);
        Assert.Contains("signature verified with key", trace.Output);
        Assert.Contains("commit " + firstCommit.Substring(0, 12), trace.Output);
        Assert.Contains("non-English coverage gap", trace.Output);
        Assert.Contains("source support-chat-export@2026-05-22", trace.Output);
        Assert.Contains("QR-2026-05-23-01", trace.Output);
        Assert.Contains("every link holds", trace.Output);

        var json = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", pub, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using (var report = JsonDocument.Parse(json.Output))
        {
            Assert.True(report.RootElement.GetProperty("holds").GetBoolean());
            Assert.Equal(new[] { "artifact", "record", "signature", "manifest", "history", "story", "quarantine", "card" }, report.RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToArray());
        }

        var fromBuild = Process(project.Directory, "dotnet", tool, "trace", Path.Combine(project.OutputDirectory, "SupportClassifier.dll"));
        Assert.True(fromBuild.ExitCode == 0, fromBuild.Output);

        var otherKeys = Path.Combine(project.Directory, "other");
        Directory.CreateDirectory(otherKeys);
        Assert.Equal(0, Process(otherKeys, "dotnet", tool, "keygen").ExitCode);
        var wrongKey = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", Path.Combine(otherKeys, "provenance-signing.pub.pem"));
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("[broken] PROV801", wrongKey.Output);

        var card = Path.Combine(shipped, "model-card.md");
        var cardText = File.ReadAllText(card);
        File.WriteAllText(card, System.Text.RegularExpressions.Regex.Replace(cardText, "training_manifest=sha256:[0-9a-f]{64}", "training_manifest=sha256:" + new string('e', 64)));
        var otherCard = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", pub);
        Assert.Equal(1, otherCard.ExitCode);
        Assert.Contains("[broken] PROV805", otherCard.Output);
        File.WriteAllText(card, cardText);

        var envelopePath = Path.Combine(shipped, "provenance.intoto.dsse.json");
        var envelope = File.ReadAllText(envelopePath);
        using (var parsed = JsonDocument.Parse(envelope))
        {
            var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.RootElement.GetProperty("payload").GetString()!)).Replace("accepted_with_limits", "accepted");
            File.WriteAllText(envelopePath, envelope.Replace(parsed.RootElement.GetProperty("payload").GetString()!, Convert.ToBase64String(Encoding.UTF8.GetBytes(payload))));
        }

        var edited = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", pub);
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("[broken] PROV801", edited.Output);
        File.WriteAllText(envelopePath, envelope);

        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(dll, bytes);
        var flipped = Process(project.Directory, "dotnet", tool, "trace", dll, "--key", pub);
        Assert.Equal(1, flipped.ExitCode);
        Assert.Contains("[broken] PROV803", flipped.Output);
        Assert.DoesNotContain("PROV900", flipped.Output);
    }
}
