using System.Text;
using Provenance.Attestations;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>Issue 14: verification attestations made elsewhere, and every way one can be wrong.</summary>
public sealed class AttestationTests : IDisposable
{
    private readonly TestDataset dataset = new();
    private readonly TempDirectory keys = new();
    private readonly string privateKey;
    private readonly string publicKey;

    public AttestationTests()
    {
        var (privatePem, publicPem, _) = SigningKey.Generate();
        privateKey = keys.Write("key.pem", privatePem);
        publicKey = keys.Write("pub.pem", publicPem);
        dataset.Directory.Write(dataset.ManifestName, dataset.ManifestText);
    }

    public void Dispose()
    {
        dataset.Dispose();
        keys.Dispose();
    }

    private VerificationStatement Shard(int index, int count)
    {
        var (statement, diagnostics) = ShardVerification.Run(new GateOptions(dataset.Directory.Path), index, count, "test on host", DateTimeOffset.UtcNow);
        Assert.True(statement is not null, string.Join("\n", diagnostics));
        return statement!;
    }

    private string Sign(VerificationStatement statement, string? keyFile = null, string name = "verified.dsse.json")
    {
        using var key = SigningKey.FromPem(File.ReadAllText(keyFile ?? privateKey), out _)!;
        return dataset.Directory.Write(name, DsseEnvelope.Sign(DsseEnvelope.InTotoPayloadType, Encoding.UTF8.GetBytes(statement.ToJson()), key).ToJson());
    }

    private VerificationStatement Merged()
    {
        var shards = new[] { ("1", Shard(1, 2)), ("2", Shard(2, 2)) };
        var diagnostics = new DiagnosticBag();
        var merged = AttestationMerge.Merge(shards, dataset.Run().Manifest!, Gate.ManifestHash.Compute(File.ReadAllBytes(dataset.ManifestPath)), diagnostics);
        Assert.True(merged is not null, string.Join("\n", diagnostics.Items));
        return merged!;
    }

    private GateResult RunWith(string attestation, DateTimeOffset? now = null) => dataset.Run(o =>
    {
        o.VerifyDigests = DigestVerification.Full;
        o.Attestations = new[] { attestation };
        o.TrustedKeys = new[] { publicKey };
        o.Now = now ?? DateTimeOffset.UtcNow;
    });

    [Fact]
    public void Shards_are_deterministic_size_balanced_and_cover_every_file_once()
    {
        var one = Shard(1, 2);
        var two = Shard(2, 2);
        Assert.Equal(one.Subjects, Shard(1, 2).Subjects);
        Assert.Empty(one.Subjects.Select(s => s.Path).Intersect(two.Subjects.Select(s => s.Path)));
        Assert.Equal(3, one.Subjects.Count + two.Subjects.Count);
        Assert.Single(Merged().Subjects, s => s.Path == "data/train.jsonl");
    }

    [Fact]
    public void A_trusted_attestation_vouches_for_every_file_so_full_mode_reads_none_of_them_even_when_they_are_not_here()
    {
        var attestation = Sign(Merged());
        Directory.Delete(dataset.Directory.Combine("data"), recursive: true);
        var result = RunWith(attestation);
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(0, result.Statistics.BytesRead);
        Assert.All(result.VerifiedFiles, f => Assert.Equal("verified.dsse.json", f.VouchedBy!.Attestation));
        var card = Stamping.ModelCardWriter.Render(Stamping.GateSummary.From(result), Array.Empty<Stamping.StampedFile>());
        Assert.Contains("verified.dsse.json (key", card);
    }

    [Fact]
    public void An_edited_attestation_is_PROV808()
    {
        var attestation = Sign(Merged());
        var text = File.ReadAllText(attestation);
        var payload = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("payload").GetString()!;
        var forged = Encoding.UTF8.GetString(Convert.FromBase64String(payload)).Replace("\"count\": 2", "\"count\": 3");
        File.WriteAllText(attestation, text.Replace(payload, Convert.ToBase64String(Encoding.UTF8.GetBytes(forged))));
        Assert.Contains("PROV808", RunWith(attestation).ErrorCodes());
    }

    [Fact]
    public void An_attestation_signed_by_an_untrusted_key_is_PROV809()
    {
        var (otherPrivate, _, _) = SigningKey.Generate();
        var attestation = Sign(Merged(), keys.Write("other.pem", otherPrivate));
        var result = RunWith(attestation);
        Assert.Contains("PROV809", result.ErrorCodes());
        Assert.True(result.Statistics.BytesRead > 0, "a bad attestation must not spare any read");
    }

    [Fact]
    public void An_attestation_of_another_manifest_is_PROV810()
    {
        var attestation = Sign(Merged());
        dataset.Set("model_build", "model_build: support-classifier-v8");
        Assert.Contains("PROV810", RunWith(attestation).ErrorCodes());
    }

    [Fact]
    public void An_attestation_older_than_the_limit_is_PROV811()
    {
        var attestation = Sign(Merged());
        Assert.Contains("PROV811", RunWith(attestation, DateTimeOffset.UtcNow.AddDays(8)).ErrorCodes());
        Assert.True(RunWith(attestation, DateTimeOffset.UtcNow.AddDays(6)).Passed);
    }

    [Fact]
    public void An_attestation_whose_digest_disagrees_with_the_manifest_is_PROV812()
    {
        var merged = Merged();
        var lying = new VerificationStatement(merged.ManifestHash, merged.Subjects.Select(s => s.Path == "data/train.jsonl" ? (s.Path, new string('a', 64)) : s).ToList(), 0, 2, merged.Verifiers, merged.VerifiedAt);
        Assert.Contains("PROV812", RunWith(Sign(lying)).ErrorCodes());
    }

    [Fact]
    public void A_file_that_is_not_an_attestation_is_PROV807()
    {
        Assert.Contains("PROV807", RunWith(dataset.Directory.Write("junk.dsse.json", "{\"payloadType\": 1}")).ErrorCodes());
        Assert.Contains("PROV807", RunWith(dataset.Directory.Combine("missing.dsse.json")).ErrorCodes());
    }

    [Fact]
    public void A_merge_of_incomplete_duplicate_or_foreign_shards_is_refused()
    {
        var manifest = dataset.Run().Manifest!;
        var hash = Gate.ManifestHash.Compute(File.ReadAllBytes(dataset.ManifestPath));
        var one = Shard(1, 2);
        var diagnostics = new DiagnosticBag();
        Assert.Null(AttestationMerge.Merge(new[] { ("1", one) }, manifest, hash, diagnostics));
        Assert.Contains(diagnostics.Items, d => d.Id == "PROV813");

        diagnostics = new DiagnosticBag();
        var everything = Shard(1, 1);
        var overlapping = new VerificationStatement(hash, everything.Subjects, 2, 2, everything.Verifiers, everything.VerifiedAt);
        Assert.Null(AttestationMerge.Merge(new[] { ("1", one), ("2", overlapping) }, manifest, hash, diagnostics));
        Assert.Contains("in 2 shards", Assert.Single(diagnostics.Items).Message);

        diagnostics = new DiagnosticBag();
        Assert.Null(AttestationMerge.Merge(new[] { ("1", one), ("2", Shard(2, 2)) }, manifest, "sha256:" + new string('0', 64), diagnostics));
        Assert.Contains(diagnostics.Items, d => d.Id == "PROV810");
    }

    [Fact]
    public void A_shard_with_a_changed_file_attests_nothing()
    {
        File.AppendAllText(dataset.Directory.Combine("data/train.jsonl"), "tampered\n");
        var (first, d1) = ShardVerification.Run(new GateOptions(dataset.Directory.Path), 1, 1, "test", DateTimeOffset.UtcNow);
        Assert.Null(first);
        Assert.Contains(d1, d => d.Id == "PROV103");
    }

    [Fact]
    public void A_run_that_trusted_an_attestation_leaves_nothing_a_later_run_could_replay_without_it()
    {
        var attestation = Sign(Merged());
        var obj = dataset.Directory.Combine("obj");
        void Cached(GateOptions o)
        {
            o.VerifyDigests = DigestVerification.Cached;
            o.CacheSettleTime = TimeSpan.Zero;
            o.SummaryPath = Path.Combine(obj, "gate.json");
            o.StatePath = Path.Combine(obj, "gate.state");
        }

        var attested = dataset.Run(o =>
        {
            Cached(o);
            o.Attestations = new[] { attestation };
            o.TrustedKeys = new[] { publicKey };
        });
        Assert.True(attested.Passed, attested.Describe());
        File.AppendAllText(dataset.Directory.Combine("data/train.jsonl"), "changed after the attestation\n");
        var later = dataset.Run(Cached);
        Assert.False(later.Replayed);
        Assert.Contains("PROV103", later.ErrorCodes());
    }

    [Fact]
    public void A_vouched_path_outside_the_data_root_is_still_PROV105()
    {
        using var outside = new TempDirectory();
        var content = "bytes outside the data root\n";
        var sha = TestDataset.Sha256(content);
        dataset.Set("files", dataset.ManifestText.Contains("files:", StringComparison.Ordinal)
            ? $"files:\n  - path: data/raw/support-chat-export.jsonl\n    sha256: {dataset.ExportSha}\n  - path: data/raw/opt-out-list.csv\n    sha256: {dataset.OptOutSha}\n  - path: ../outside.jsonl\n    sha256: {sha}"
            : string.Empty);
        dataset.Directory.Write(dataset.ManifestName, dataset.ManifestText);
        // A signer that vouches for a path outside the root (shards themselves refuse to verify one).
        var claim = new VerificationStatement(
            Gate.ManifestHash.Compute(File.ReadAllBytes(dataset.ManifestPath)),
            new[] { ("data/train.jsonl", dataset.TrainSha), ("data/raw/support-chat-export.jsonl", dataset.ExportSha), ("data/raw/opt-out-list.csv", dataset.OptOutSha), ("../outside.jsonl", sha) },
            0,
            1,
            new[] { "test" },
            DateTimeOffset.UtcNow);
        var result = RunWith(Sign(claim));
        Assert.Contains("PROV105", result.ErrorCodes());
        Assert.False(result.Passed);
    }
}
