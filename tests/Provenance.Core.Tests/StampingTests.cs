using System.Text.Json;
using Provenance.Diagnostics;
using Provenance.Gate;
using Provenance.Stamping;
using YamlDotNet.RepresentationModel;

namespace Provenance.Tests;

public sealed class StampingTests
{
    [Fact]
    public void Model_card_has_the_seed_line_parseable_front_matter_and_the_closing_sentence()
    {
        using var dataset = new TestDataset();
        var summary = GateSummary.From(dataset.Run());
        var card = ModelCardWriter.Render(summary, Array.Empty<StampedFile>());
        var hash = summary.ManifestHash!;
        Assert.Contains($"training_manifest={hash}; reviewer_status=accepted_with_limits; unresolved_risks=non-English coverage gap; legacy tickets before consent-policy migration", card);
        Assert.Contains($"model support-classifier-v7 trained on manifest {hash.Substring(7, 8)}, built from support-chat-export and opt-out-list dated 2026-05-22, after normalize-v1, pii-redaction-v3, opt-out-removal-v2 and dedupe-v2, with reviewer status accepted_with_limits and two unresolved risks.", card);
        Assert.Contains("dedupe-v2 threshold=0.84", card);

        var frontMatter = card.Split("---\n")[1];
        var yaml = new YamlStream();
        yaml.Load(new StringReader(frontMatter));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("support-classifier-training", ((YamlSequenceNode)root["datasets"]).Children[0].ToString());
        var provenance = (YamlMappingNode)root["provenance"];
        Assert.Equal(hash, provenance["training_manifest"].ToString());
        Assert.Equal("accepted_with_limits", provenance["reviewer_status"].ToString());
        Assert.Equal(2, ((YamlSequenceNode)provenance["unresolved_risks"]).Children.Count);
        Assert.Contains("training-data-provenance", ((YamlSequenceNode)root["tags"]).Children.Select(c => c.ToString()));
    }

    [Fact]
    public void Audit_card_lists_the_open_gaps_so_it_never_claims_more_than_the_evidence()
    {
        using var dataset = new TestDataset();
        dataset.Set("rights_basis", "rights_basis: internal");
        var card = ModelCardWriter.Render(GateSummary.From(dataset.Run(o => o.Mode = GateMode.Audit)), Array.Empty<StampedFile>());
        Assert.Contains("### Open gaps", card);
        Assert.Contains($"- PROV204 (manifest line {dataset.LineOf("rights_basis")})", card);
        Assert.Contains("gate: \"1 open gap(s) (audit, use training)\"", card);
    }

    [Fact]
    public void Template_rendering_keeps_every_byte_outside_the_markers()
    {
        using var dataset = new TestDataset();
        var summary = GateSummary.From(dataset.Run());
        var before = "---\nlicense: apache-2.0\n---\r\n# My model\r\n\r\nHand-written intro.\r\n";
        var after = "\r\n## Evaluation\r\nAccuracy 0.91 | trailing\r\n";
        var template = before + ModelCardWriter.BeginMarker + "\r\nold generated text\r\n" + ModelCardWriter.EndMarker + after;
        var diagnostics = new DiagnosticBag();
        var card = ModelCardWriter.RenderIntoTemplate(template, "MODEL_CARD.md", summary, Array.Empty<StampedFile>(), diagnostics);
        Assert.Empty(diagnostics.Items);
        Assert.StartsWith(before + ModelCardWriter.BeginMarker, card);
        Assert.EndsWith(ModelCardWriter.EndMarker + after, card);
        Assert.DoesNotContain("old generated text", card);
        Assert.Contains("training_manifest=" + summary.ManifestHash, card);
        var again = ModelCardWriter.RenderIntoTemplate(card, "MODEL_CARD.md", summary, Array.Empty<StampedFile>(), diagnostics);
        Assert.Equal(card, again);
    }

    [Theory]
    [InlineData("no markers at all")]
    [InlineData("<!-- provenance:end --> then <!-- provenance:begin -->")]
    [InlineData("<!-- provenance:begin --> <!-- provenance:begin --> <!-- provenance:end -->")]
    public void PROV702_for_templates_whose_markers_are_not_one_pair(string template)
    {
        using var dataset = new TestDataset();
        var diagnostics = new DiagnosticBag();
        var card = ModelCardWriter.RenderIntoTemplate(template, "MODEL_CARD.md", GateSummary.From(dataset.Run()), Array.Empty<StampedFile>(), diagnostics);
        Assert.Equal("PROV702", Assert.Single(diagnostics.Items).Id);
        Assert.Equal(template, card);
    }

    [Fact]
    public void Build_record_is_an_in_toto_statement_that_carries_the_manifest_hash()
    {
        using var dataset = new TestDataset();
        var summary = GateSummary.From(dataset.Run());
        var input = new BuildRecordInput
        {
            ModelArtifacts = new[] { new StampedFile("out/model.bin", new string('a', 64)) },
            TrainingConfiguration = new StampedFile("train.yaml", new string('b', 64)),
            EvaluationSets = new[] { new StampedFile("eval/holdout.jsonl", new string('c', 64)) },
            CodeVersion = new CodeVersion("0123abc", false, "git"),
            ToolVersion = "1.0.0",
            BuildTime = BuildRecordWriter.ResolveBuildTime("1779450600", DateTimeOffset.UtcNow),
        };
        using var json = JsonDocument.Parse(BuildRecordWriter.Render(summary, input));
        var root = json.RootElement;
        Assert.Equal("https://in-toto.io/Statement/v1", root.GetProperty("_type").GetString());
        var subject = Assert.Single(root.GetProperty("subject").EnumerateArray());
        Assert.Equal("out/model.bin", subject.GetProperty("name").GetString());
        Assert.Equal(new string('a', 64), subject.GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal(BuildRecordWriter.PredicateType, root.GetProperty("predicateType").GetString());
        var predicate = root.GetProperty("predicate");
        Assert.Equal(summary.ManifestHash, "sha256:" + predicate.GetProperty("manifest").GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal("2026-05-22T11:50:00Z", predicate.GetProperty("buildTime").GetString());
        Assert.Equal("0123abc", predicate.GetProperty("codeVersion").GetProperty("revision").GetString());
        Assert.False(predicate.GetProperty("codeVersion").GetProperty("dirty").GetBoolean());
        Assert.Equal("accepted_with_limits", predicate.GetProperty("reviewerStatus").GetString());
        Assert.Equal(2, predicate.GetProperty("unresolvedRisks").GetArrayLength());
        Assert.Equal("train.yaml", predicate.GetProperty("trainingConfiguration").GetProperty("name").GetString());
        Assert.Equal(1, predicate.GetProperty("evaluationSets").GetArrayLength());
        Assert.Equal(4, predicate.GetProperty("transforms").GetArrayLength());
        Assert.True(predicate.GetProperty("gate").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Build_record_is_reproducible_with_SOURCE_DATE_EPOCH()
    {
        using var dataset = new TestDataset();
        var summary = GateSummary.From(dataset.Run());
        string Render(DateTimeOffset now) => BuildRecordWriter.Render(summary, new BuildRecordInput { BuildTime = BuildRecordWriter.ResolveBuildTime("1779450600", now) });
        Assert.Equal(Render(DateTimeOffset.UtcNow), Render(DateTimeOffset.UtcNow.AddHours(5)));
        Assert.NotEqual(
            BuildRecordWriter.Render(summary, new BuildRecordInput { BuildTime = BuildRecordWriter.ResolveBuildTime(null, DateTimeOffset.UnixEpoch) }),
            BuildRecordWriter.Render(summary, new BuildRecordInput { BuildTime = BuildRecordWriter.ResolveBuildTime(null, DateTimeOffset.UnixEpoch.AddDays(1)) }));
    }

    [Fact]
    public void Gate_summary_round_trips_through_json()
    {
        using var dataset = new TestDataset();
        var summary = GateSummary.From(dataset.Run());
        var back = GateSummary.FromJson(summary.ToJson());
        Assert.Equal(summary.ToJson(), back.ToJson());
        Assert.Equal("opt-out-list", back.Sources[1].Role);
    }

    [Fact]
    public void Atomic_writes_happen_only_when_the_content_changes()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("out/card.md");
        Assert.True(AtomicFile.WriteIfChanged(path, "one"));
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.False(AtomicFile.WriteIfChanged(path, "one"));
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        Assert.True(AtomicFile.WriteIfChanged(path, "two"));
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(directory.Combine("out")));
    }
}
