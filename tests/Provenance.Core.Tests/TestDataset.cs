using System.Security.Cryptography;
using System.Text;
using Provenance.Diagnostics;
using Provenance.Gate;

namespace Provenance.Tests;

/// <summary>
/// A repaired support-classifier dataset on disk (data, exclusion report, evidence) whose manifest is kept as
/// top-level fields that a test can replace or remove before running the gate.
/// </summary>
public sealed class TestDataset : IDisposable
{
    private readonly List<KeyValuePair<string, string>> fields = new();

    public TestDataset()
    {
        Directory = new TempDirectory();
        TrainSha = WriteData("data/train.jsonl", "{\"label\":\"billing\",\"text\":\"charged twice\"}\n");
        ExportSha = WriteData("data/raw/support-chat-export.jsonl", "{\"ticket\":\"T-1\",\"customer\":\"C1\"}\n{\"ticket\":\"T-2\",\"customer\":\"C2\"}\n");
        OptOutSha = WriteData("data/raw/opt-out-list.csv", "customer\nC2\n");
        ReportSha = WriteData("removed-records-8841.json", "{\"removed_records\":1}\n");
        Set("dataset", "dataset: support-classifier-training");
        Set("created_at", "created_at: 2026-05-22T18:10:00Z");
        Set("source_records", "source_records:\n  - support-chat-export@2026-05-22\n  - opt-out-list@2026-05-22");
        Set("rights_basis", "rights_basis: internal-use-policy-2026-04 + customer-exclusion-log");
        Set("transforms", "transforms:\n  - normalize-v1\n  - pii-redaction-v3\n  - opt-out-removal-v2\n  - dedupe-v2 threshold=0.84");
        Set("exclusion_report", "exclusion_report: removed-records-8841.json");
        Set("reviewer_status", "reviewer_status: accepted_with_limits");
        Set("unresolved_risks", "unresolved_risks:\n  - non-English coverage gap\n  - legacy tickets before consent-policy migration");
        Set("artifact", "artifact: data/train.jsonl");
        Set("sha256", $"sha256: {TrainSha}");
        Set("files", $"files:\n  - path: data/raw/support-chat-export.jsonl\n    sha256: {ExportSha}\n  - path: data/raw/opt-out-list.csv\n    sha256: {OptOutSha}");
        Set("model_build", "model_build: support-classifier-v7");
    }

    public TempDirectory Directory { get; }

    public string TrainSha { get; }

    public string ExportSha { get; }

    public string OptOutSha { get; }

    public string ReportSha { get; }

    public string ManifestName { get; set; } = "provenance.yaml";

    public string ManifestPath => Directory.Combine(ManifestName);

    public string WriteData(string relativePath, string content)
    {
        Directory.Write(relativePath, content);
        return Sha256(content);
    }

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public TestDataset Set(string key, string yaml)
    {
        var index = fields.FindIndex(f => f.Key == key);
        if (index >= 0)
        {
            fields[index] = new(key, yaml);
        }
        else
        {
            fields.Add(new(key, yaml));
        }

        return this;
    }

    public TestDataset Remove(string key)
    {
        fields.RemoveAll(f => f.Key == key);
        return this;
    }

    public string ManifestText => string.Join("\n", fields.Select(f => f.Value)) + "\n";

    /// <summary>The 1-based line on which a top-level field starts in <see cref="ManifestText"/>.</summary>
    public int LineOf(string key)
    {
        var line = 1;
        foreach (var field in fields)
        {
            if (field.Key == key)
            {
                return line;
            }

            line += field.Value.Split('\n').Length;
        }

        throw new ArgumentException($"No field {key}.");
    }

    public GateResult Run(Action<GateOptions>? configure = null)
    {
        Directory.Write(ManifestName, ManifestText);
        var options = new GateOptions(Directory.Path) { ManifestPath = ManifestName, Today = new DateTime(2026, 11, 24) };
        configure?.Invoke(options);
        return ProvenanceGate.Run(options);
    }

    public void Dispose() => Directory.Dispose();
}

public static class GateResultExtensions
{
    public static string[] Codes(this GateResult result) => result.Diagnostics.Select(d => d.Id).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();

    public static string[] ErrorCodes(this GateResult result) =>
        result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();

    public static Diagnostic Single(this GateResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Id == code).ToList();
        Assert.True(matches.Count == 1, $"Expected one {code}, got {matches.Count}:\n{result.Describe()}");
        return matches[0];
    }

    public static string Describe(this GateResult result) => string.Join("\n", result.Diagnostics.Select(d => d.ToString()));
}
