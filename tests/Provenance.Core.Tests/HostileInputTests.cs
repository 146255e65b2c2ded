using System.Diagnostics;
using System.Text;
using Provenance.Documents;
using Provenance.Gate;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>Broken and hostile input: every case gets its coded error or a correct pass, never a crash, a hang or a false pass.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string, string, string[]> Manifests => new()
    {
        { "empty file", "", new[] { "PROV002" } },
        { "only a comment", "# nothing here\n", new[] { "PROV002" } },
        { "several documents", "{valid}\n---\ndataset: second\n", new[] { "PROV002" } },
        { "tab indentation", "source_records:\n\t- a@1\n", new[] { "PROV002" } },
        { "unclosed quote", "dataset: \"support\n", new[] { "PROV002" } },
        { "root is a list", "- dataset\n- x\n", new[] { "PROV003" } },
        { "root is a scalar", "just text\n", new[] { "PROV003" } },
        { "alias to nowhere", "dataset: *missing\n", new[] { "PROV002" } },
        { "custom tag (an annotation, read as text)", "dataset: !custom thing\n{valid-rest}", Array.Empty<string>() },
        { "billion laughs", BillionLaughs(), new[] { "PROV005" } },
        { "deep nesting", new string('[', 5000) + new string(']', 5000) + "\n", new[] { "PROV005" } },
        { "huge string", "dataset: " + new string('a', 70_000) + "\n", new[] { "PROV005" } },
        { "duplicate top-level key", "{valid}\nrights_basis: internal\n", new[] { "PROV003" } },
        { "duplicate key in a source", "{valid-without-sources}\nsource_records:\n  - id: a@1\n    id: b@2\n", new[] { "PROV003" } },
        { "duplicate key in a files entry", "{valid-without-files}\nfiles:\n  - path: data/train.jsonl\n    sha256: {sha}\n    path: data/other.jsonl\n", new[] { "PROV003" } },
        { "duplicate key in params", "{valid-without-transforms}\ntransforms:\n  - name: dedupe-v2\n    params: {threshold: 0.84, threshold: 0.1}\n", new[] { "PROV003", "PROV303" } },
        { "key in upper case", "{valid}\nSHA256: {sha}\n", new[] { "PROV004" } },
        { "null dataset", "{valid-without-dataset}\ndataset: ~\n", new[] { "PROV006" } },
        { "list where text is expected", "{valid-without-dataset}\ndataset: [a, b]\n", new[] { "PROV003", "PROV006" } },
        { "map where a list is expected", "{valid-without-sources}\nsource_records: {a: b}\n", new[] { "PROV003", "PROV201" } },
        { "digest with white space", "{valid-without-digest}\nsha256: \" {sha}\"\n", new[] { "PROV102" } },
        { "digest of 63 characters", "{valid-without-digest}\nsha256: {sha63}\n", new[] { "PROV102" } },
        { "digest of 65 characters", "{valid-without-digest}\nsha256: {sha}0\n", new[] { "PROV102" } },
        { "digest with non-hex", "{valid-without-digest}\nsha256: {sha-non-hex}\n", new[] { "PROV102" } },
        { "digest as a number", "{valid-without-digest}\nsha256: 12345\n", new[] { "PROV102" } },
        { "path with dot-dot out of the root", "{valid-without-artifact}\nartifact: ../../etc/passwd\n", new[] { "PROV105" } },
        { "absolute path", "{valid-without-artifact}\nartifact: /etc/passwd\n", new[] { "PROV105" } },
        { "Windows path", "{valid-without-artifact}\nartifact: 'C:\\Windows\\win.ini'\n", new[] { "PROV105" } },
        { "UNC path", "{valid-without-artifact}\nartifact: '\\\\server\\share\\train.jsonl'\n", new[] { "PROV105" } },
        { "device path", "{valid-without-artifact}\nartifact: /dev/zero\n", new[] { "PROV105" } },
        { "path with NUL", "{valid-without-artifact}\nartifact: \"data/train.jsonl\\0.txt\"\n", new[] { "PROV105" } },
        { "path to a directory", "{valid-without-artifact}\nartifact: data\n", new[] { "PROV104" } },
        { "manifest that references itself", "{valid-without-artifact}\nartifact: provenance.yaml\n", new[] { "PROV103" } },
        { "flow sequence that swallows keys (YamlDotNet throws InvalidOperationException)", "transforms:\n  - name: opt-out-removal-v2\n    inputs: [ts own bytes.\ndataset: support-classifier-training\ncreated_at: pii-redaction-v3, opt-out-list@2026-05-22]\n  - name: dedupe-v2\n", new[] { "PROV002" } },
        { "alias used normally", "x-anchor: &risk non-English coverage gap\n{valid-without-risks}\nunresolved_risks: [*risk]\n", Array.Empty<string>() },
        { "numbers and booleans as text", "{valid-without-dataset}\ndataset: 2026\nx-flag: true\n", Array.Empty<string>() },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_broken_manifest_gets_its_code_fast(string name, string template, string[] expected)
    {
        using var dataset = new TestDataset();
        var text = Expand(template, dataset);
        dataset.Directory.Write("provenance.yaml", text);
        var stopwatch = Stopwatch.StartNew();
        var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path) { Today = new DateTime(2026, 11, 24) });
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"{name} took {stopwatch.Elapsed}");
        Assert.DoesNotContain("PROV900", result.Codes());
        var codes = result.Diagnostics.Where(d => d.Severity != Diagnostics.DiagnosticSeverity.Info).Select(d => d.Id).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(codes), $"{name}: expected [{string.Join(", ", expected)}], got:\n{result.Describe()}");
        Assert.Equal(expected.All(c => c == "PROV004"), result.Passed);
    }

    [Theory]
    [InlineData("UTF-8 with BOM")]
    [InlineData("UTF-16 LE")]
    [InlineData("UTF-16 BE")]
    [InlineData("CRLF")]
    public void Encodings_and_line_endings_read_to_the_same_manifest_and_hash(string form)
    {
        using var dataset = new TestDataset();
        var baseline = dataset.Run();
        var text = dataset.ManifestText;
        byte[] bytes = form switch
        {
            "UTF-8 with BOM" => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
            "UTF-16 LE" => new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
            "UTF-16 BE" => new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray(),
            _ => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n")),
        };
        dataset.Directory.WriteBytes("provenance.yaml", bytes);
        var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path));
        Assert.True(result.Passed, result.Describe());
        Assert.Empty(result.Diagnostics);
        if (form is "UTF-8 with BOM" or "CRLF")
        {
            Assert.Equal(baseline.ManifestHash, result.ManifestHash);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x64, 0x61, 0x74, 0x61, 0x73, 0x65, 0x74, 0x3A, 0x20, 0xC3, 0x28, 0x0A })]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x7F, 0x80 })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 })]
    public void Invalid_UTF_8_and_binary_junk_are_PROV002(byte[] bytes)
    {
        using var directory = new TempDirectory();
        directory.WriteBytes("provenance.yaml", bytes);
        var result = ProvenanceGate.Run(new GateOptions(directory.Path));
        Assert.Equal(new[] { "PROV002" }, result.Codes());
    }

    [Fact]
    public void JSON_with_duplicate_keys_trailing_text_or_comments()
    {
        using var dataset = new TestDataset();
        var valid = $$"""{"dataset": "d", "source_records": ["a@1"], "rights_basis": "CC-BY-4.0", "transforms": ["t-v1"], "reviewer_status": "accepted", "artifact": "data/train.jsonl", "sha256": "{{dataset.TrainSha}}"}""";
        dataset.Directory.Write("provenance.json", "// a comment\n" + valid.Replace("}", ",}") + "\n");
        Assert.True(ProvenanceGate.Run(new GateOptions(dataset.Directory.Path)).Passed);
        dataset.Directory.Write("provenance.json", valid.Replace("\"dataset\": \"d\"", "\"dataset\": \"d\", \"dataset\": \"e\""));
        Assert.Equal(new[] { "PROV003" }, ProvenanceGate.Run(new GateOptions(dataset.Directory.Path)).Codes());
        dataset.Directory.Write("provenance.json", valid + "\n{}");
        Assert.Equal(new[] { "PROV002" }, ProvenanceGate.Run(new GateOptions(dataset.Directory.Path)).Codes());
    }

    [Fact]
    public void A_manifest_over_the_size_limit_is_PROV005_before_it_is_parsed()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Limits = new ReadLimits { MaxFileBytes = 100 });
        Assert.Equal(new[] { "PROV005" }, result.Codes());
        Assert.Contains("ProvenanceMaxManifestBytes", result.Single("PROV005").Message);
    }

    [Fact]
    public void A_manifest_over_the_node_limit_is_PROV005()
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Limits = new ReadLimits { MaxNodes = 20 });
        Assert.Equal(new[] { "PROV005" }, result.Codes());
    }

    [Fact]
    public void An_alias_bomb_fails_fast_in_bounded_memory()
    {
        using var directory = new TempDirectory();
        directory.Write("provenance.yaml", BillionLaughs());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var result = ProvenanceGate.Run(new GateOptions(directory.Path));
        Assert.Equal(new[] { "PROV005" }, result.Codes());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), stopwatch.Elapsed.ToString());
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "the alias bomb was expanded");
    }

    [Fact]
    public async Task A_FIFO_is_refused_without_opening_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dataset = new TestDataset();
        var fifo = dataset.Directory.Combine("data/pipe.jsonl");
        Process.Start("mkfifo", fifo).WaitForExit();
        Assert.True(File.Exists(fifo) || Directory.Exists(Path.GetDirectoryName(fifo)));
        dataset.Set("artifact", "artifact: data/pipe.jsonl");
        var result = await Task.Run(() => dataset.Run()).WaitAsync(TimeSpan.FromSeconds(10));
        var diagnostic = result.Single("PROV108");
        Assert.Contains("not a regular file", diagnostic.Message);
    }

    [Fact]
    public async Task A_symbolic_link_to_a_device_inside_the_root_is_refused()
    {
        using var dataset = new TestDataset();
        File.CreateSymbolicLink(dataset.Directory.Combine("data/zero.bin"), "/dev/zero");
        dataset.Set("artifact", "artifact: data/zero.bin");
        var result = await Task.Run(() => dataset.Run()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { "PROV105" }, result.Codes());
    }

    [Fact]
    public void A_symbolic_link_loop_is_PROV105()
    {
        using var dataset = new TestDataset();
        File.CreateSymbolicLink(dataset.Directory.Combine("data/a.jsonl"), dataset.Directory.Combine("data/b.jsonl"));
        File.CreateSymbolicLink(dataset.Directory.Combine("data/b.jsonl"), dataset.Directory.Combine("data/a.jsonl"));
        dataset.Set("artifact", "artifact: data/a.jsonl");
        Assert.Equal(new[] { "PROV105" }, dataset.Run().Codes());
    }

    [Fact]
    public void A_file_without_read_permission_is_PROV108_unless_the_user_may_read_everything()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dataset = new TestDataset();
        var path = dataset.Directory.Combine("data/train.jsonl");
        File.SetUnixFileMode(path, UnixFileMode.None);
        var result = dataset.Run();
        if (IsRoot())
        {
            // root reads a file with mode 000; the bytes are genuinely verified, so a pass is correct.
            Assert.True(result.Passed, result.Describe());
        }
        else
        {
            Assert.Equal(new[] { "PROV108" }, result.Codes());
        }
    }

    [Fact]
    public void A_file_deleted_between_listing_and_opening_is_PROV109()
    {
        using var dataset = new TestDataset();
        var path = dataset.Directory.Combine("data/train.jsonl");
        var manifest = dataset.Run().Manifest!;
        var verifier = new EvidenceVerifier(new DataRootPolicy(new[] { dataset.Directory.Path }), 1, CancellationToken.None)
        {
            BeforeOpening = p =>
            {
                if (p == path)
                {
                    File.Delete(p);
                }
            },
        };
        var diagnostics = new Diagnostics.DiagnosticBag();
        verifier.Verify(manifest.AllEvidence().ToList(), dataset.Directory.Path, diagnostics);
        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal("PROV109", diagnostic.Id);
        Assert.Contains("removed or replaced after the gate listed it", diagnostic.Message);
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static string BillionLaughs()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            text.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        return text.ToString();
    }

    private static string Expand(string template, TestDataset dataset)
    {
        var withoutField = new Dictionary<string, string>
        {
            ["{valid-without-dataset}"] = "dataset",
            ["{valid-without-sources}"] = "source_records",
            ["{valid-without-files}"] = "files",
            ["{valid-without-transforms}"] = "transforms",
            ["{valid-without-digest}"] = "sha256",
            ["{valid-without-artifact}"] = "artifact",
            ["{valid-without-risks}"] = "unresolved_risks",
            ["{valid-rest}"] = "dataset",
        };
        foreach (var (placeholder, field) in withoutField)
        {
            if (template.Contains(placeholder, StringComparison.Ordinal))
            {
                template = template.Replace(placeholder, dataset.Remove(field).ManifestText.TrimEnd('\n'));
            }
        }

        return template
            .Replace("{valid}", dataset.ManifestText.TrimEnd('\n'))
            .Replace("{sha63}", dataset.TrainSha.Substring(1))
            .Replace("{sha-non-hex}", "g" + dataset.TrainSha.Substring(1))
            .Replace("{sha}", dataset.TrainSha);
    }
}
