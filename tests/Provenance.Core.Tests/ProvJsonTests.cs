using System.Text.Json;
using Provenance.Gate;
using Provenance.Stamping;

namespace Provenance.Tests;

public sealed class ProvJsonTests
{
    [Fact]
    public void The_repaired_sample_as_PROV_JSON_names_both_sources_the_four_transforms_in_order_the_reviewer_and_the_model()
    {
        var sample = Path.Combine(GatePolicyTests.RepoRoot(), "samples", "support-classifier");
        var result = ProvenanceGate.Run(new GateOptions(sample));
        Assert.True(result.Passed, result.Describe());
        using var prov = JsonDocument.Parse(ProvJsonWriter.Render(GateSummary.From(result), new[] { new StampedFile("out/model.json", new string('a', 64)) }));
        var root = prov.RootElement;
        Assert.Equal("http://www.w3.org/ns/prov#", root.GetProperty("prefix").GetProperty("prov").GetString());

        var entities = root.GetProperty("entity");
        Assert.Equal("support-chat-export@2026-05-22", entities.GetProperty("pb:source/support-chat-export@2026-05-22").GetProperty("prov:label").GetString());
        Assert.Equal("opt-out-list", entities.GetProperty("pb:source/opt-out-list@2026-05-22").GetProperty("pb:role").GetString());
        Assert.Equal(result.ManifestHash, entities.GetProperty("pb:dataset/support-classifier-training").GetProperty("pb:manifest").GetString());
        Assert.Equal("pb:Model", entities.GetProperty("pb:model/support-classifier-v7").GetProperty("prov:type").GetString());

        var activities = root.GetProperty("activity").EnumerateObject().OrderBy(a => a.Value.GetProperty("pb:order").GetInt32()).Select(a => a.Value.GetProperty("prov:label").GetString()).ToList();
        Assert.Equal(new[] { "normalize-v1", "pii-redaction-v3", "opt-out-removal-v2", "dedupe-v2 threshold=0.84" }, activities);

        // The chain: sources -> normalize -> ... -> dedupe -> dataset, and the model derived from the dataset.
        var used = root.GetProperty("used").EnumerateObject().Select(u => (u.Value.GetProperty("prov:activity").GetString(), u.Value.GetProperty("prov:entity").GetString())).ToList();
        Assert.Contains(("pb:transform/1/normalize-v1", "pb:source/support-chat-export@2026-05-22"), used);
        Assert.Contains(("pb:transform/1/normalize-v1", "pb:source/opt-out-list@2026-05-22"), used);
        Assert.Contains(("pb:transform/3/opt-out-removal-v2", "pb:intermediate/2"), used);
        var generated = root.GetProperty("wasGeneratedBy").EnumerateObject().Select(g => (g.Value.GetProperty("prov:entity").GetString(), g.Value.GetProperty("prov:activity").GetString())).ToList();
        Assert.Contains(("pb:dataset/support-classifier-training", "pb:transform/4/dedupe-v2"), generated);
        var agents = root.GetProperty("agent");
        Assert.Equal("accepted_with_limits", agents.GetProperty("pb:agent/reviewer/data-governance").GetProperty("pb:reviewerStatus").GetString());
        Assert.Equal("prov:SoftwareAgent", agents.GetProperty("pb:agent/pipeline").GetProperty("prov:type").GetString());
        var derived = root.GetProperty("wasDerivedFrom").EnumerateObject().Single().Value;
        Assert.Equal("pb:model/support-classifier-v7", derived.GetProperty("prov:generatedEntity").GetString());
        Assert.Equal("pb:dataset/support-classifier-training", derived.GetProperty("prov:usedEntity").GetString());
    }
}
