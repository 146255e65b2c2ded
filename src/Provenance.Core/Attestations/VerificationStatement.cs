using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Provenance.Attestations;

/// <summary>
/// A verification attestation: an in-toto Statement v1 whose subjects are the data files a verifier read and hashed
/// (path relative to the manifest, sha256), and whose predicate (<see cref="PredicateType"/>, docs/scale.md) names the
/// manifest hash, the shard or shards, the verifiers and when they verified. One shard's, or the merge of all of them.
/// </summary>
public sealed class VerificationStatement
{
    public const string PredicateType = "https://github.com/provenance-build/Provenance.Build/blob/main/docs/scale.md#verification-v1";

    public VerificationStatement(string manifestHash, IReadOnlyList<(string Path, string Sha256)> subjects, int shardIndex, int shardCount, IReadOnlyList<string> verifiers, DateTimeOffset verifiedAt)
    {
        ManifestHash = manifestHash;
        Subjects = subjects;
        ShardIndex = shardIndex;
        ShardCount = shardCount;
        Verifiers = verifiers;
        VerifiedAt = verifiedAt;
    }

    /// <summary><c>sha256:&lt;64 hex&gt;</c>.</summary>
    public string ManifestHash { get; }

    public IReadOnlyList<(string Path, string Sha256)> Subjects { get; }

    /// <summary>1-based; 0 for a merged statement.</summary>
    public int ShardIndex { get; }

    public int ShardCount { get; }

    /// <summary>"tool version on host", one per shard.</summary>
    public IReadOnlyList<string> Verifiers { get; }

    /// <summary>For a merge, the earliest shard's time: the attestation is as old as its oldest reading.</summary>
    public DateTimeOffset VerifiedAt { get; }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("_type", Stamping.BuildRecordWriter.StatementType);
            json.WriteStartArray("subject");
            foreach (var (path, sha256) in Subjects.OrderBy(s => s.Path, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", path);
                json.WriteStartObject("digest");
                json.WriteString("sha256", sha256);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("predicateType", PredicateType);
            json.WriteStartObject("predicate");
            json.WriteStartObject("manifest");
            json.WriteString("sha256", ManifestHash.Substring("sha256:".Length));
            json.WriteEndObject();
            json.WriteStartObject("shard");
            json.WriteNumber("index", ShardIndex);
            json.WriteNumber("count", ShardCount);
            json.WriteEndObject();
            json.WriteStartArray("verifiers");
            foreach (var verifier in Verifiers)
            {
                json.WriteStringValue(verifier);
            }

            json.WriteEndArray();
            json.WriteString("verifiedAt", VerifiedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Parses a statement; null with <paramref name="problem"/> when it is not a verification attestation.</summary>
    public static VerificationStatement? FromJson(byte[] bytes, out string problem)
    {
        problem = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (!root.TryGetProperty("predicateType", out var type) || type.GetString() != PredicateType)
            {
                problem = $"it is not a verification attestation (predicateType is not {PredicateType})";
                return null;
            }

            var predicate = root.GetProperty("predicate");
            var subjects = root.GetProperty("subject").EnumerateArray()
                .Select(s => (s.GetProperty("name").GetString() ?? string.Empty, s.GetProperty("digest").GetProperty("sha256").GetString() ?? string.Empty))
                .ToList();
            var shard = predicate.GetProperty("shard");
            var time = DateTimeOffset.ParseExact(predicate.GetProperty("verifiedAt").GetString()!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return new VerificationStatement(
                "sha256:" + predicate.GetProperty("manifest").GetProperty("sha256").GetString(),
                subjects,
                shard.GetProperty("index").GetInt32(),
                shard.GetProperty("count").GetInt32(),
                predicate.GetProperty("verifiers").EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToList(),
                time);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problem = $"it is not a readable verification attestation ({ex.GetType().Name})";
            return null;
        }
    }
}
