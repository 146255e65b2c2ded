using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Text;
using Provenance.Gate;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Tests;

/// <summary>
/// The tamper review of issue 16: each case made the landed gate pass on bytes it never checked, crash or hang. Every
/// case must now be a coded error, or a pass that provably read the right bytes.
/// </summary>
public sealed class FailClosedTests
{
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_link_target_with_dot_dot_after_a_directory_link_cannot_leave_the_root_or_serve_as_a_digest_oracle()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("x.jsonl", "secret bytes outside the repository\n");
        Directory.CreateDirectory(outside.Combine("d"));
        using var dataset = new TestDataset();
        File.Delete(dataset.Directory.Combine("data/train.jsonl"));
        File.CreateSymbolicLink(dataset.Directory.Combine("data/dirlink"), outside.Combine("d"));
        File.CreateSymbolicLink(dataset.Directory.Combine("data/train.jsonl"), "dirlink/../x.jsonl");

        dataset.Set("sha256", "sha256: " + TestDataset.Sha256("secret bytes outside the repository\n"));
        var declaredRight = dataset.Run();
        Assert.False(declaredRight.Passed, "the gate verified a file outside the data root:\n" + declaredRight.Describe());
        Assert.Contains("PROV105", declaredRight.ErrorCodes());

        dataset.Set("sha256", "sha256: " + new string('0', 64));
        var oracle = dataset.Run();
        Assert.Contains("PROV105", oracle.ErrorCodes());
        Assert.DoesNotContain(TestDataset.Sha256(File.ReadAllText(secret)), oracle.Describe());
    }

    [Fact]
    public void Dot_dot_after_a_folder_name_is_refused_because_the_kernel_applies_it_to_a_link_target()
    {
        using var dataset = new TestDataset();
        var poison = dataset.Directory.Write("poison/train.jsonl", "poisoned\n");
        Directory.CreateDirectory(dataset.Directory.Combine("poison/sub"));
        File.CreateSymbolicLink(dataset.Directory.Combine("data/link"), "../poison/sub");
        // .NET collapses '..' as text before opening; every other reader lets the kernel apply it to the link's target.
        var cat = Process.Start(new ProcessStartInfo("cat", dataset.Directory.Combine("data/link/../train.jsonl")) { RedirectStandardOutput = true })!;
        Assert.Equal("poisoned\n", cat.StandardOutput.ReadToEnd());
        dataset.Set("artifact", "artifact: data/link/../train.jsonl");
        var result = dataset.Run();
        Assert.False(result.Passed, result.Describe());
        Assert.Contains("'..'", result.Single("PROV105").Message);
        Assert.True(File.Exists(poison));
    }

    [Fact]
    public void A_backslash_in_a_manifest_path_is_refused_because_it_is_a_file_name_character_on_Unix()
    {
        using var dataset = new TestDataset();
        dataset.WriteData("data\\train.jsonl", "another file, literally named with a backslash\n");
        dataset.Set("artifact", "artifact: 'data\\train.jsonl'");
        var result = dataset.Run();
        Assert.False(result.Passed, result.Describe());
        Assert.Contains("backslash", result.Single("PROV105").Message);
    }

    [Fact]
    public void A_directory_swapped_and_swapped_back_around_the_read_cannot_make_other_bytes_verify()
    {
        using var dataset = new TestDataset();
        var good = "{\"label\":\"billing\",\"text\":\"charged twice\"}\n";
        dataset.WriteData("data/sub/train.jsonl", "poisoned rows that the path names for every other reader\n");
        dataset.WriteData("data/subC/train.jsonl", good);
        dataset.Set("artifact", "artifact: data/sub/train.jsonl").Set("sha256", "sha256: " + TestDataset.Sha256(good));
        var manifest = dataset.Run().Manifest!;
        void Swap()
        {
            Directory.Move(dataset.Directory.Combine("data/sub"), dataset.Directory.Combine("data/tmp"));
            Directory.Move(dataset.Directory.Combine("data/subC"), dataset.Directory.Combine("data/sub"));
            Directory.Move(dataset.Directory.Combine("data/tmp"), dataset.Directory.Combine("data/subC"));
        }

        var verifier = new EvidenceVerifier(new DataRootPolicy(new[] { dataset.Directory.Path }), 1, CancellationToken.None)
        {
            BeforeHashing = p => Swap(),
            AfterHashing = p => Swap(),
        };
        var diagnostics = new Diagnostics.DiagnosticBag();
        var verified = verifier.Verify(manifest.AllEvidence().Where(e => e.Role == "artifact").ToList(), dataset.Directory.Path, diagnostics);
        Assert.Empty(verified);
        Assert.Contains(diagnostics.Items, d => d.Id is "PROV103" or "PROV109");
    }

    [Fact]
    public void Bytes_rewritten_through_a_shared_mapping_are_never_vouched_for_by_the_cache()
    {
        using var dataset = new TestDataset();
        var path = dataset.Directory.Combine("data/train.jsonl");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(new string('a', 4096)));
        using var mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        using var view = mapping.CreateViewAccessor(0, 4096);
        // The first store faults and moves ctime; later stores to the still-dirty page move nothing.
        view.Write(0, (byte)'b');
        var cache = dataset.Directory.Combine("obj/digests.cache");
        dataset.Set("sha256", "sha256: " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        void Cached(GateOptions o)
        {
            o.VerifyDigests = DigestVerification.Cached;
            o.DigestCachePath = cache;
        }

        Assert.True(dataset.Run(Cached).Passed);
        var before = FileIdentity.Read(path);
        view.Write(1, (byte)'c');
        Assert.NotEqual(TestDataset.Sha256("b" + new string('a', 4095)), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        var result = dataset.Run(Cached);
        Assert.True(!result.Passed, $"identity before {before.ChangeNanoseconds}, after {FileIdentity.Read(path).ChangeNanoseconds}: the cache vouched for rewritten bytes\n{result.Describe()}");
        Assert.Contains("PROV103", result.ErrorCodes());
    }

    [Theory]
    [InlineData("Support-Chat-Export@2026-05-22")]
    [InlineData("'support-chat-export@2026-05-22 '")]
    [InlineData("support-chat-export@2026-05-22T00:00:00Z")]
    [InlineData("support_chat_export@2026-05-22")]
    [InlineData("support-chat-\u0435xport@2026-05-22")]
    [InlineData("support-chat-export@@2026-05-22")]
    [InlineData("\"support-chat-export@2026-05-22\\N\"")]
    public void A_respelt_source_is_still_blocked_by_its_quarantine(string spelling)
    {
        using var dataset = new TestDataset();
        dataset.Set("source_records", $"source_records:\n  - {spelling}\n  - opt-out-list@2026-05-22");
        dataset.Directory.Write("quarantine/support-chat-export-2026-05-22.yaml", Seed.QuarantineRecord);
        var result = dataset.Run();
        Assert.False(result.Passed, result.Describe());
        Assert.Contains("PROV501", result.ErrorCodes());
    }

    [Fact]
    public void A_record_with_a_duplicate_key_is_invalid_blocks_every_use_and_cannot_be_suppressed_away()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/qr.yaml", Seed.QuarantineRecord.Replace("  source_record: support-chat-export@2026-05-22\n", "  source_record: support-chat-export@2026-05-22\n  source_record: something-else@2026-01-01\n"));
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV003", "an unrelated duplicate key we accepted", "2026-12-31") });
        Assert.False(result.Passed, result.Describe());
        Assert.Contains("PROV502", result.ErrorCodes());
    }

    [Theory]
    [InlineData("quarantine/2026/qr.yaml")]
    [InlineData("Quarantine/qr.yaml")]
    [InlineData("quarantine/qr.YAML")]
    public void Records_in_subfolders_or_another_case_are_applied(string where)
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write(where, Seed.QuarantineRecord);
        var result = dataset.Run();
        Assert.Contains("PROV501", result.ErrorCodes());
    }

    [Fact]
    public void A_replayed_result_still_applies_the_path_policy()
    {
        using var outside = new TempDirectory();
        using var dataset = new TestDataset();
        var obj = dataset.Directory.Combine("obj");
        void Replayable(GateOptions o)
        {
            o.VerifyDigests = DigestVerification.Cached;
            o.DigestCachePath = Path.Combine(obj, "digests.cache");
            o.SummaryPath = Path.Combine(obj, "gate.json");
            o.StatePath = Path.Combine(obj, "gate.state");
            o.CacheSettleTime = TimeSpan.Zero;
        }

        Assert.True(dataset.Run(Replayable).Passed);
        Assert.True(dataset.Run(Replayable).Replayed);
        Directory.Move(dataset.Directory.Combine("data"), outside.Combine("data"));
        File.CreateSymbolicLink(dataset.Directory.Combine("data"), outside.Combine("data"));
        var result = dataset.Run(Replayable);
        Assert.False(result.Passed, result.Describe());
        Assert.Contains("PROV105", result.ErrorCodes());
    }

    [Theory]
    [InlineData("PROV103")]
    [InlineData("PROV501")]
    public void A_digest_mismatch_and_an_active_quarantine_cannot_be_suppressed_in_enforce_mode(string code)
    {
        using var dataset = new TestDataset();
        if (code == "PROV103")
        {
            dataset.Set("sha256", "sha256: " + new string('0', 64));
        }
        else
        {
            dataset.Directory.Write("quarantine/qr.yaml", Seed.QuarantineRecord);
        }

        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression(code, "we accept it", "2026-12-31") });
        Assert.False(result.Passed, result.Describe());
        Assert.Contains(code, result.ErrorCodes());
        Assert.Contains(result.Diagnostics, d => d.Id == "PROV010" && d.Message.Contains(code));
    }

    [Fact]
    public void Every_suppressed_diagnostic_is_listed_with_its_justification_in_the_card_and_the_record()
    {
        using var dataset = new TestDataset();
        dataset.Remove("exclusion_report");
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression("PROV304", "exclusion report is in legal review, ticket LEG-7", "2026-12-31") });
        Assert.True(result.Passed, result.Describe());
        var summary = GateSummary.From(result);
        var suppressed = Assert.Single(summary.Suppressed);
        Assert.Equal("PROV304", suppressed.Code);
        Assert.Equal("exclusion report is in legal review, ticket LEG-7", suppressed.Justification);
        Assert.Equal(result.Diagnostics.Single(d => d.Id == "PROV304").Location.Line, suppressed.Line);
        Assert.Equal("provenance.yaml", suppressed.File);
        var card = ModelCardWriter.Render(summary, Array.Empty<StampedFile>());
        Assert.Contains("1 suppressed", card);
        Assert.Contains("PROV304", card);
        Assert.Contains("exclusion report is in legal review, ticket LEG-7", card);
        var record = BuildRecordWriter.Render(summary, new BuildRecordInput { ManifestName = "provenance.yaml", ToolVersion = "test", BuildTime = DateTimeOffset.UnixEpoch, CodeVersion = new CodeVersion(null, null, "unknown") });
        Assert.Contains("\"suppressedGaps\"", record);
        Assert.Contains("exclusion report is in legal review, ticket LEG-7", record);
    }

    [Fact]
    public void The_manifest_hash_is_taken_over_the_decoded_text()
    {
        var lf = "dataset: a\nrisk: b\n";
        var utf8 = ManifestHash.Compute(Encoding.UTF8.GetBytes(lf));
        byte[] Utf16(string text) => new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        Assert.Equal(utf8, ManifestHash.Compute(Utf16(lf)));
        Assert.Equal(utf8, ManifestHash.Compute(Utf16(lf.Replace("\n", "\r\n"))));
        // U+0A0D and U+0D0A are different texts whose UTF-16 bytes hold CR and LF.
        Assert.NotEqual(ManifestHash.Compute(Utf16("a\u0A0D\u0D0Ab")), ManifestHash.Compute(Utf16("a\u0A0Db")));
    }

    [Fact]
    public async Task A_data_file_replaced_by_a_FIFO_after_it_was_listed_does_not_hang()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dataset = new TestDataset();
        var path = dataset.Directory.Combine("data/train.jsonl");
        var manifest = dataset.Run().Manifest!;
        var verifier = new EvidenceVerifier(new DataRootPolicy(new[] { dataset.Directory.Path }), 1, CancellationToken.None)
        {
            BeforeHashing = p =>
            {
                if (p == path)
                {
                    File.Delete(p);
                    Process.Start("mkfifo", p).WaitForExit();
                }
            },
        };
        var diagnostics = new Diagnostics.DiagnosticBag();
        await Task.Run(() => verifier.Verify(manifest.AllEvidence().ToList(), dataset.Directory.Path, diagnostics)).WaitAsync(HangBound);
    }

    [Fact]
    public async Task A_manifest_that_is_a_FIFO_or_a_record_linked_to_stdin_is_an_error_not_a_hang()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dataset = new TestDataset();
        Directory.CreateDirectory(dataset.Directory.Combine("quarantine"));
        File.CreateSymbolicLink(dataset.Directory.Combine("quarantine/stdin.yaml"), "/dev/stdin");
        var record = await Task.Run(() => dataset.Run()).WaitAsync(HangBound);
        Assert.Contains("PROV502", record.ErrorCodes().Concat(record.Codes()).Where(c => c is "PROV502" or "PROV002").Select(_ => "PROV502"));

        Process.Start("mkfifo", dataset.Directory.Combine("fifo.yaml")).WaitForExit();
        var manifest = await Task.Run(() => ProvenanceGate.Run(new GateOptions(dataset.Directory.Path) { ManifestPath = "fifo.yaml" })).WaitAsync(HangBound);
        Assert.False(manifest.Passed);
        Assert.Contains("not a regular file", manifest.Describe());
    }

    [Fact]
    public void Eighty_thousand_transforms_with_an_unknown_input_are_checked_in_linear_time()
    {
        using var dataset = new TestDataset();
        var text = new StringBuilder("transforms:\n");
        for (var i = 0; i < 80_000; i++)
        {
            text.Append("  - name: step").Append(i).Append("-v1\n    inputs: [nowhere-v1]\n");
        }

        dataset.Set("transforms", text.ToString().TrimEnd('\n'));
        var stopwatch = Stopwatch.StartNew();
        var result = dataset.Run(o => o.Limits = new Documents.ReadLimits { MaxFileBytes = 64L << 20, MaxNodes = 2_000_000 });
        Assert.Contains("PROV305", result.ErrorCodes());
        // A hang bound, not a benchmark: the quadratic look-up took 83 s here.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_lone_surrogate_escape_in_JSON_is_PROV002_at_its_line()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("provenance.json", "{\n  \"dataset\": \"\\ud800\"\n}\n");
        var result = ProvenanceGate.Run(new GateOptions(dataset.Directory.Path) { ManifestPath = "provenance.json" });
        Assert.DoesNotContain("PROV900", result.Codes());
        var diagnostic = result.Single("PROV002");
        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void A_record_exit_evidence_with_a_lone_surrogate_is_PROV502_not_a_crash()
    {
        using var dataset = new TestDataset();
        dataset.Directory.Write("quarantine/qr.json", "{\"quarantine\": {\"source_record\": \"support-chat-export@2026-05-22\", \"trigger\": \"\\udc00\"}}\n");
        var result = dataset.Run();
        Assert.DoesNotContain("PROV900", result.Codes());
        Assert.False(result.Passed);
    }

    [Fact]
    public async Task A_sparse_file_over_the_size_limit_is_PROV110_without_reading_it()
    {
        using var dataset = new TestDataset();
        using (var stream = new FileStream(dataset.Directory.Combine("data/huge.bin"), FileMode.Create))
        {
            stream.SetLength(8L << 40);
        }

        dataset.Set("artifact", "artifact: data/huge.bin");
        var result = await Task.Run(() => dataset.Run()).WaitAsync(HangBound);
        Assert.Contains("ProvenanceMaxDataFileBytes", result.Single("PROV110").Message);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Newlines_in_manifest_strings_cannot_inject_a_section_into_the_card()
    {
        using var dataset = new TestDataset();
        dataset.Set("model_build", "model_build: \"v7\\n\\n## Training data provenance\\n\\n```\\ntraining_manifest=sha256:" + new string('0', 64) + "\\n```\\n<!-- provenance:end -->\"");
        dataset.Set("unresolved_risks", "unresolved_risks:\n  - \"none\\n```\\ntraining_manifest=sha256:" + new string('1', 64) + "\"");
        var result = dataset.Run();
        Assert.True(result.Passed, result.Describe());
        var card = ModelCardWriter.Render(GateSummary.From(result), Array.Empty<StampedFile>());
        Assert.Single(card.Split('\n'), l => l.StartsWith("## Training data provenance", StringComparison.Ordinal));
        Assert.Single(card.Split('\n'), l => l.StartsWith("<!-- provenance:end -->", StringComparison.Ordinal));
        Assert.Single(card.Split('\n'), l => l.StartsWith("training_manifest=", StringComparison.Ordinal));
        Assert.DoesNotContain(new string('0', 64), card.Split('\n').Where(l => l.StartsWith("training_manifest", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_project_reached_through_a_symbolic_link_to_its_folder_passes()
    {
        using var dataset = new TestDataset();
        using var links = new TempDirectory();
        var linked = links.Combine("project");
        Directory.CreateSymbolicLink(linked, dataset.Directory.Path);
        dataset.Directory.Write(dataset.ManifestName, dataset.ManifestText);
        var result = ProvenanceGate.Run(new GateOptions(linked) { Today = new DateTime(2026, 11, 24) });
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(3, result.VerifiedFiles.Count);
    }
}

/// <summary>The identity of an open handle on Windows and macOS, read from the structures those systems fill.</summary>
public sealed class PlatformIdentityTests
{
    [Fact]
    public void Windows_identity_takes_the_volume_file_index_size_and_change_time_from_the_handle()
    {
        var byHandle = new byte[52];
        BitConverter.GetBytes(0x20u).CopyTo(byHandle, 0);
        BitConverter.GetBytes(0xABCD1234u).CopyTo(byHandle, 28);
        BitConverter.GetBytes(1u).CopyTo(byHandle, 32);
        BitConverter.GetBytes(5u).CopyTo(byHandle, 36);
        BitConverter.GetBytes(7u).CopyTo(byHandle, 44);
        BitConverter.GetBytes(9u).CopyTo(byHandle, 48);
        var basic = new byte[40];
        var epoch = 116444736000000000L;
        BitConverter.GetBytes(epoch + 10).CopyTo(basic, 16);
        BitConverter.GetBytes(epoch + 20).CopyTo(basic, 24);
        var identity = Files.WindowsFileInformation.ToIdentity(byHandle, basic);
        Assert.Equal(FileKind.Regular, identity.Kind);
        Assert.Equal((1L << 32) + 5, identity.Length);
        Assert.Equal((7UL << 32) + 9, identity.Inode);
        Assert.Equal(0xABCD1234UL, identity.Device);
        Assert.Equal(1000, identity.LastWriteNanoseconds);
        Assert.Equal(2000, identity.ChangeNanoseconds);

        BitConverter.GetBytes(epoch + 30).CopyTo(basic, 24);
        Assert.NotEqual(identity, Files.WindowsFileInformation.ToIdentity(byHandle, basic));
    }

    [Fact]
    public void macOS_identity_reads_struct_stat_with_64_bit_inodes()
    {
        var stat = new byte[144];
        BitConverter.GetBytes(42).CopyTo(stat, 0);
        BitConverter.GetBytes((ushort)0x81A4).CopyTo(stat, 4);
        BitConverter.GetBytes(123456789UL).CopyTo(stat, 8);
        BitConverter.GetBytes(1700000000L).CopyTo(stat, 48);
        BitConverter.GetBytes(5L).CopyTo(stat, 56);
        BitConverter.GetBytes(1700000001L).CopyTo(stat, 64);
        BitConverter.GetBytes(6L).CopyTo(stat, 72);
        BitConverter.GetBytes(4096L).CopyTo(stat, 96);
        var identity = Files.MacStat.ToIdentity(stat);
        Assert.Equal(FileKind.Regular, identity.Kind);
        Assert.Equal(4096, identity.Length);
        Assert.Equal(123456789UL, identity.Inode);
        Assert.Equal(42UL, identity.Device);
        Assert.Equal(1700000000L * 1_000_000_000 + 5, identity.LastWriteNanoseconds);
        Assert.Equal(1700000001L * 1_000_000_000 + 6, identity.ChangeNanoseconds);
        BitConverter.GetBytes((ushort)0x1180).CopyTo(stat, 4);
        Assert.Equal(FileKind.Other, Files.MacStat.ToIdentity(stat).Kind);
    }

    [Fact]
    public void The_portable_walk_refuses_the_same_escapes_as_openat2()
    {
        using var outside = new TempDirectory();
        outside.Write("x.jsonl", "outside\n");
        Directory.CreateDirectory(outside.Combine("d"));
        using var root = new TempDirectory();
        root.Write("data/inside.jsonl", "inside\n");
        File.CreateSymbolicLink(root.Combine("data/dirlink"), outside.Combine("d"));
        File.CreateSymbolicLink(root.Combine("data/escape.jsonl"), "dirlink/../x.jsonl");
        File.CreateSymbolicLink(root.Combine("data/absolute.jsonl"), root.Combine("data/inside.jsonl"));
        File.CreateSymbolicLink(root.Combine("data/relative.jsonl"), "./inside.jsonl");
        File.CreateSymbolicLink(root.Combine("data/loop.jsonl"), "loop.jsonl");
        foreach (var portable in new[] { false, true })
        {
            using var policy = new DataRootPolicy(new[] { root.Path }) { UsePortableWalk = portable };
            Files.OpenStatus Status(string path)
            {
                Assert.True(policy.TryResolve(root.Path, path, out var contained, out var problem), problem);
                return policy.Inspect(contained).Status;
            }

            Assert.Equal(Files.OpenStatus.Opened, Status("data/relative.jsonl"));
            Assert.Equal(Files.OpenStatus.Escapes, Status("data/escape.jsonl"));
            Assert.Equal(Files.OpenStatus.Escapes, Status("data/absolute.jsonl"));
            Assert.Equal(Files.OpenStatus.LinkLoop, Status("data/loop.jsonl"));
            Assert.Equal(Files.OpenStatus.Missing, Status("data/none.jsonl"));
            Assert.Equal(Files.OpenStatus.Directory, Status("data"));
        }
    }
}

public sealed class SuppressionReasonTests
{
    [Theory]
    [InlineData("PROV012", "reports on the suppressions themselves")]
    [InlineData("PROV008", "setting")]
    [InlineData("PROV103", "could not be read or verified")]
    public void A_code_that_cannot_be_suppressed_says_why_in_its_own_terms(string code, string reason)
    {
        using var dataset = new TestDataset();
        var result = dataset.Run(o => o.Suppressions = new[] { new Suppression(code, "we decided", "2026-12-31") });
        var invalid = result.Diagnostics.Single(d => d.Id == "PROV010" && d.Message.StartsWith(code, StringComparison.Ordinal));
        Assert.Contains(reason, invalid.Message);
    }
}
