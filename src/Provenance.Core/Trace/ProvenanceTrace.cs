using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Drift;
using Provenance.Gate;
using Provenance.Manifests;
using Provenance.Quarantine;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Trace;

/// <summary>What to trace and which keys to trust.</summary>
public sealed class TraceOptions
{
    public TraceOptions(string path) => Path = path;

    /// <summary>A model artifact, a .NET assembly, a model card, a build record or a signed envelope.</summary>
    public string Path { get; }

    public string? Record { get; set; }

    public string? Card { get; set; }

    /// <summary>PEM public (or private) keys whose signatures are trusted; several for key rotation.</summary>
    public IReadOnlyList<string> Keys { get; set; } = Array.Empty<string>();

    public bool RequireSignature { get; set; }
}

/// <summary>The chain, link by link; it holds when every link holds.</summary>
public sealed class TraceResult
{
    public TraceResult(string start, IReadOnlyList<TraceLink> links, string? manifestHash)
    {
        Start = start;
        Links = links;
        ManifestHash = manifestHash;
    }

    public string Start { get; }

    public IReadOnlyList<TraceLink> Links { get; }

    public string? ManifestHash { get; }

    public bool Holds => Links.All(l => l.Holds);
}

/// <summary>
/// The incident responder's walk: artifact → its digest → the build record naming it (and its signature) → the manifest
/// with the recorded hash (working tree, else every revision in git) → what changed since and from → the sources,
/// transforms, exclusion report and quarantine records as of that revision → the card beside the artifact.
/// </summary>
public static class ProvenanceTrace
{
    private static readonly Regex CardManifest = new(@"training_manifest[=:]\s*""?(sha256:[0-9a-f]{64})", RegexOptions.CultureInvariant);
    private static readonly string[] RecordNames = { "provenance.intoto.json", "provenance.intoto.dsse.json" };

    public static TraceResult Run(TraceOptions options)
    {
        var links = new List<TraceLink>();
        var start = Path.GetFullPath(options.Path);
        if (!File.Exists(start))
        {
            return new TraceResult(start, new[] { new TraceLink("artifact", $"{start} does not exist", Array.Empty<string>(), Rules.ArtifactInNoRecord, "Name the model file, assembly, card or record to trace.") }, null);
        }

        var record = StartAndRecord(start, options, links, out var cardPath);
        var manifestHash = record?.ManifestHash ?? links.Select(l => l.Summary).Select(s => CardManifest.Match(s)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        if (record is not null)
        {
            links.Add(Signature(record, options));
        }

        if (manifestHash is not null)
        {
            Manifest(record, manifestHash, start, links);
        }

        links.Add(Card(options.Card ?? cardPath, manifestHash));
        return new TraceResult(start, links, manifestHash);
    }

    /// <summary>The start's own link, and the record whose subject (or manifest) matches it.</summary>
    private static BuildRecordFile? StartAndRecord(string start, TraceOptions options, List<TraceLink> links, out string? cardPath)
    {
        cardPath = null;
        var text = ReadHead(start);
        if (text.Contains("\"_type\"", StringComparison.Ordinal) || text.Contains("\"payloadType\"", StringComparison.Ordinal))
        {
            var given = BuildRecordFile.Read(start, out var problem);
            if (given is null)
            {
                links.Add(new TraceLink("record", $"{start} cannot be read: {problem}", Array.Empty<string>(), Rules.RecordMalformed, "Give the provenance.intoto.json (or .dsse.json) the build wrote."));
                return null;
            }

            links.Add(new TraceLink("record", $"{start}: build record for training_manifest={given.ManifestHash}", given.Subjects.Select(s => $"subject {s.Name} sha256:{s.Sha256}").ToList()));
            cardPath = Path.Combine(Path.GetDirectoryName(start)!, "model-card.md");
            return given;
        }

        if (start.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && CardManifest.Match(File.ReadAllText(start)) is { Success: true } card)
        {
            cardPath = start;
            links.Add(new TraceLink("card", $"{start} names training_manifest={card.Groups[1].Value}", Array.Empty<string>()));
            return FindRecord(start, options, null, card.Groups[1].Value, links, "the card's manifest hash");
        }

        var digest = FileDigest.ComputeSha256(start);
        var embedded = AssemblyManifestHash(start);
        links.Add(new TraceLink("artifact", $"{start} sha256:{digest}", embedded is null ? Array.Empty<string>() : new[] { $".NET assembly with AssemblyMetadata Provenance.TrainingManifest = {embedded}" }));
        cardPath = Path.Combine(Path.GetDirectoryName(start)!, "model-card.md");
        return FindRecord(start, options, digest, embedded, links, "the artifact's digest");
    }

    private static BuildRecordFile? FindRecord(string start, TraceOptions options, string? digest, string? manifestHash, List<TraceLink> links, string what)
    {
        var looked = new List<string>();
        foreach (var candidate in Candidates(start, options.Record))
        {
            looked.Add(candidate);
            var record = BuildRecordFile.Read(candidate, out _);
            if (record is null)
            {
                continue;
            }

            var subject = digest is null ? default : record.Subjects.FirstOrDefault(s => s.Sha256 == digest);
            if (subject != default || (digest is null && record.ManifestHash == manifestHash))
            {
                links.Add(new TraceLink("record", $"{candidate}: build record for training_manifest={record.ManifestHash}", subject == default ? Array.Empty<string>() : new[] { $"subject {subject.Name} sha256:{subject.Sha256}" }));
                return record;
            }
        }

        links.Add(new TraceLink(
            "record",
            $"{what} is in no build record",
            looked.Count == 0 ? new[] { "no provenance.intoto.json beside it or in the folders above it" } : looked.Select(l => "looked at " + l).ToList(),
            Rules.ArtifactInNoRecord,
            "Give the record with --record, or trace the exact file the build stamped: a byte changed since makes another digest."));
        return null;
    }

    /// <summary>--record; else the record and envelope beside the file, then in each folder above it up to the repository root.</summary>
    private static IEnumerable<string> Candidates(string start, string? explicitRecord)
    {
        if (explicitRecord is not null)
        {
            yield return Path.GetFullPath(explicitRecord);
            yield break;
        }

        var folder = new DirectoryInfo(Path.GetDirectoryName(start)!);
        for (var depth = 0; folder is not null && depth < 16; depth++, folder = folder.Parent)
        {
            foreach (var name in RecordNames)
            {
                var path = Path.Combine(folder.FullName, name);
                if (File.Exists(path))
                {
                    yield return path;
                }
            }

            if (Directory.Exists(Path.Combine(folder.FullName, ".git")))
            {
                yield break;
            }
        }
    }

    private static TraceLink Signature(BuildRecordFile record, TraceOptions options)
    {
        var envelope = record.Envelope;
        if (envelope is null)
        {
            return options.RequireSignature
                ? new TraceLink("signature", "the record is not signed", Array.Empty<string>(), Rules.SignatureMissing, "Build with ProvenanceSigningKey (docs/signing.md), or trace without --require-signature.")
                : new TraceLink("signature", "the record is not signed (nothing says who stamped it)", Array.Empty<string>());
        }

        if (!envelope.Payload.AsSpan().SequenceEqual(record.Statement))
        {
            return new TraceLink("signature", $"{record.EnvelopePath} signs other bytes than {record.Path}: the record was changed after it was signed", Array.Empty<string>(), Rules.SignatureInvalid, "Restore the record the build signed, or rebuild and sign again.");
        }

        var keyIds = string.Join(", ", envelope.Signatures.Select(s => s.KeyId.Length == 0 ? "(no key id)" : s.KeyId.Substring(0, Math.Min(16, s.KeyId.Length))));
        if (options.Keys.Count == 0)
        {
            return options.RequireSignature
                ? new TraceLink("signature", $"signed by key {keyIds}, but no --key was given to check it", Array.Empty<string>(), Rules.SignatureMissing, "Pass the public key with --key PUB.pem.")
                : new TraceLink("signature", $"signed by key {keyIds} (not checked: pass --key PUB.pem)", Array.Empty<string>());
        }

        foreach (var path in options.Keys)
        {
            using var key = SigningKey.FromPem(File.ReadAllText(path), out _);
            if (key is not null && envelope.IsSignedBy(key))
            {
                return new TraceLink("signature", $"signature verified with key {key.KeyId} ({path})", Array.Empty<string>());
            }
        }

        return new TraceLink("signature", $"the signature (key {keyIds}) verifies with none of the {options.Keys.Count} trusted key(s)", options.Keys.ToList(), Rules.SignatureInvalid, "The payload was edited, or another key signed it: trust that key with --key only if it is yours.");
    }

    /// <summary>The manifest with the recorded hash, its history, the data story and the quarantine records as of that revision.</summary>
    private static void Manifest(BuildRecordFile? record, string manifestHash, string start, List<TraceLink> links)
    {
        var projectDirectory = FindProjectDirectory(record, start);
        var manifestPath = record is null || projectDirectory is null ? null : Path.GetFullPath(Path.Combine(projectDirectory, record.ManifestPath));
        var repository = ManifestHistory.RepositoryRoot(projectDirectory ?? Path.GetDirectoryName(start)!);
        var revisions = repository is null || manifestPath is null ? Array.Empty<ManifestHistory.Revision>() : ManifestHistory.Of(repository, manifestPath);
        var matchIndex = revisions.ToList().FindIndex(r => r.Bytes(repository!) is { } b && ManifestHash.Compute(b) == manifestHash);
        byte[]? bytes = null;
        ManifestHistory.Revision? fromHistory = null;
        string where;
        if (manifestPath is not null && File.Exists(manifestPath) && ManifestHash.Compute(File.ReadAllBytes(manifestPath)) == manifestHash)
        {
            bytes = File.ReadAllBytes(manifestPath);
            where = matchIndex >= 0 ? $"{manifestPath} (working tree), committed in {Describe(revisions[matchIndex])}" : $"{manifestPath} (working tree, not committed)";
        }
        else if (matchIndex >= 0)
        {
            fromHistory = revisions[matchIndex];
            bytes = fromHistory.Bytes(repository!);
            where = $"{fromHistory.Path} at {Describe(fromHistory)}";
        }
        else
        {
            links.Add(new TraceLink(
                "manifest",
                $"no manifest has {manifestHash}",
                new[] { $"looked at {manifestPath ?? "(the record names no manifest path)"} and its {revisions.Count} revision(s) in git" },
                Rules.ManifestNotFoundByHash,
                "Trace from a clone of the repository the model was built from; the record's codeVersion names the commit."));
            return;
        }

        links.Add(new TraceLink("manifest", $"{manifestHash} is {where}", Array.Empty<string>()));
        var manifest = Read(manifestPath!, bytes!);
        if (manifest is null)
        {
            return;
        }

        links.Add(History(manifest, manifestPath!, revisions, matchIndex, repository));
        links.Add(Story(manifest, manifestPath!));
        links.Add(QuarantineHistory(manifest, manifestPath!, repository, fromHistory));
    }

    private static TraceLink History(ProvenanceManifest traced, string manifestPath, IReadOnlyList<ManifestHistory.Revision> revisions, int matchIndex, string? repository)
    {
        var details = new List<string>();
        if (File.Exists(manifestPath) && Read(manifestPath, File.ReadAllBytes(manifestPath)) is { } current)
        {
            var since = ManifestDiff.Compare(traced, current);
            details.Add(since.Count == 0 ? "since: the working tree's manifest is the same by meaning" : "since, to the working tree's manifest:");
            details.AddRange(since.Select(c => "  " + c.Describe()));
        }

        if (matchIndex >= 0 && matchIndex + 1 < revisions.Count && revisions[matchIndex + 1].Bytes(repository!) is { } previousBytes && Read(manifestPath, previousBytes) is { } previous)
        {
            var from = ManifestDiff.Compare(previous, traced);
            details.Add($"from the revision before ({Describe(revisions[matchIndex + 1])}):{(from.Count == 0 ? " no change by meaning" : string.Empty)}");
            details.AddRange(from.Select(c => "  " + c.Describe()));
        }

        return new TraceLink("history", $"{revisions.Count} revision(s) of the manifest in git", details);
    }

    private static TraceLink Story(ProvenanceManifest manifest, string manifestPath)
    {
        var details = new List<string>();
        foreach (var source in manifest.SourceRecords)
        {
            details.Add($"source {source.Id.Value}: rights basis {source.RightsBasis?.Value ?? manifest.RightsBasis?.Value ?? "missing"}, reviewer status {source.ReviewerStatusText?.Value ?? manifest.ReviewerStatusText?.Value ?? "missing"}");
        }

        details.Add("transforms: " + (manifest.Transforms.Count == 0 ? "none" : string.Join(" -> ", manifest.Transforms.Select(t => t.ToString()))));
        if (manifest.ExclusionReport?.Path is { } report)
        {
            var full = Path.Combine(Path.GetDirectoryName(manifestPath)!, report.Value);
            var declared = manifest.ExclusionReport.Sha256?.Value;
            var state = !File.Exists(full) ? "not present here"
                : declared is null ? $"present, sha256:{FileDigest.ComputeSha256(full)} (no digest declared)"
                : Sha256Digest.TryParse(declared, out var hex, out _) && hex == FileDigest.ComputeSha256(full) ? "present, digest matches" : "present, DIGEST DIFFERS";
            details.Add($"exclusion report {report.Value}: {state}");
        }

        details.Add($"reviewer status {manifest.ReviewerStatusText?.Value ?? "missing"}; unresolved risks: {(manifest.UnresolvedRisks.Count == 0 ? "none" : string.Join("; ", manifest.UnresolvedRisks.Select(r => r.Value)))}");
        return new TraceLink("story", $"dataset {manifest.Dataset?.Value ?? "(unnamed)"}, model build {manifest.ModelBuild?.Value ?? "(unnamed)"}", details);
    }

    /// <summary>Every quarantine record beside the manifest that names one of its sources: from the working tree, or at the traced commit.</summary>
    private static TraceLink QuarantineHistory(ProvenanceManifest manifest, string manifestPath, string? repository, ManifestHistory.Revision? atRevision)
    {
        var folder = Path.Combine(Path.GetDirectoryName(manifestPath)!, "quarantine");
        var records = new List<(string Name, byte[] Bytes)>();
        if (atRevision is not null && repository is not null)
        {
            foreach (var file in ManifestHistory.FilesAt(repository, atRevision.Commit, Files.RelativePath.From(repository, folder)))
            {
                if (Git.Run(repository, "show", $"{atRevision.Commit}:{file}") is { } bytes)
                {
                    records.Add((file, bytes));
                }
            }
        }
        else if (Directory.Exists(folder))
        {
            records.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Select(f => (f, File.ReadAllBytes(f))));
        }

        var details = new List<string>();
        foreach (var (name, bytes) in records.Where(r => r.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || r.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || r.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            var diagnostics = new DiagnosticBag();
            var document = DocumentLoader.Parse(name, bytes, ReadLimits.Default, diagnostics);
            var quarantine = document is null ? null : QuarantineRecordReader.Read(document, diagnostics);
            if (quarantine?.SourceRecord is null || !manifest.SourceRecords.Any(s => SourceKey.Of(s.Id.Value) == SourceKey.Of(quarantine.SourceRecord.Value)))
            {
                continue;
            }

            var lifted = quarantine.Status == QuarantineStatus.Lifted ? $"lifted {quarantine.LiftedAt?.Value} by {quarantine.LiftedBy?.Value ?? "?"}" : "active";
            details.Add($"{quarantine.Id?.Value ?? Path.GetFileName(name)}: {quarantine.SourceRecord.Value} quarantined {quarantine.OpenedAt?.Value} by {quarantine.OpenedBy?.Value ?? "?"} (trigger: {quarantine.Trigger?.Value}; blocked: {string.Join(", ", quarantine.BlockedUses)}; allowed: {string.Join(", ", quarantine.AllowedUses)}); {lifted}");
        }

        return new TraceLink("quarantine", details.Count == 0 ? "no quarantine record touched these sources" : $"{details.Count} quarantine record(s) touched these sources{(atRevision is null ? string.Empty : $" as of {atRevision.Commit.Substring(0, 12)}")}", details);
    }

    private static TraceLink Card(string? cardPath, string? manifestHash)
    {
        if (cardPath is null || !File.Exists(cardPath))
        {
            return new TraceLink("card", "no model card beside it", Array.Empty<string>());
        }

        // Every mention counts (front matter and the model-card line): one edited copy is enough to mislead a reader.
        var named = CardManifest.Matches(File.ReadAllText(cardPath)).Cast<Match>().Select(m => m.Groups[1].Value).Distinct().ToList();
        if (named.Count == 0)
        {
            return new TraceLink("card", $"{cardPath} names no training_manifest", Array.Empty<string>(), Rules.CardOfAnotherManifest, "Stamp the card with the build (ProvenanceStamp), or trace with --card.");
        }

        var other = named.FirstOrDefault(n => manifestHash is not null && n != manifestHash) ?? (named.Count > 1 ? named[1] : null);
        return other is null
            ? new TraceLink("card", $"{cardPath} names the same manifest", Array.Empty<string>())
            : new TraceLink("card", $"{cardPath} names {other}, the record {manifestHash}: the card copies another manifest", Array.Empty<string>(), Rules.CardOfAnotherManifest, "Ship the card the same build wrote with the model.");
    }

    /// <summary>
    /// Where the record's manifest path is relative to: the project the record names, beside the record; else, for a
    /// record copied away from its build (a shipped model), that project in the repository of the current directory;
    /// else the first folder above the record that holds the manifest path.
    /// </summary>
    private static string? FindProjectDirectory(BuildRecordFile? record, string start)
    {
        if (record is null)
        {
            return null;
        }

        if (record.Project is { } project)
        {
            var beside = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(record.Path)!, project));
            if (File.Exists(beside))
            {
                return Path.GetDirectoryName(beside);
            }

            if (ManifestHistory.RepositoryRoot(Directory.GetCurrentDirectory()) is { } repository)
            {
                var name = Path.GetFileName(project);
                var tracked = (Git.RunText(repository, "ls-files") ?? string.Empty).Split('\n').Select(l => l.Trim())
                    .FirstOrDefault(f => f == name || f.EndsWith("/" + name, StringComparison.Ordinal));
                if (tracked is not null)
                {
                    return Path.GetDirectoryName(Path.Combine(repository, tracked));
                }
            }
        }

        for (var folder = new DirectoryInfo(Path.GetDirectoryName(record.Path)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, record.ManifestPath)))
            {
                return folder.FullName;
            }
        }

        return Path.GetDirectoryName(start);
    }

    private static ProvenanceManifest? Read(string path, byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var document = DocumentLoader.Parse(path, bytes, ReadLimits.Default, diagnostics);
        return document is null ? null : ManifestReader.Read(document, diagnostics);
    }

    private static string Describe(ManifestHistory.Revision revision) => $"commit {revision.Commit.Substring(0, 12)} ({revision.Date}, \"{revision.Subject}\")";

    private static string ReadHead(string path)
    {
        var buffer = new char[4096];
        using var reader = new StreamReader(path);
        return new string(buffer, 0, reader.Read(buffer, 0, buffer.Length));
    }

    /// <summary>The manifest hash a .NET assembly carries, read without loading it; null for any other file.</summary>
    private static string? AssemblyManifestHash(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = metadata.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind != HandleKind.MemberReference)
                {
                    continue;
                }

                var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
                if (metadata.GetString(type.Name) != "AssemblyMetadataAttribute")
                {
                    continue;
                }

                var value = metadata.GetBlobReader(attribute.Value);
                value.ReadUInt16();
                var key = value.ReadSerializedString();
                if (key == "Provenance.TrainingManifest")
                {
                    return value.ReadSerializedString();
                }
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or IOException or InvalidCastException)
        {
        }

        return null;
    }
}
