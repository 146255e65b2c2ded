using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;
using Provenance.Verification;

namespace Provenance.Attestations;

/// <summary>
/// Merges shard statements into one: they must be for one manifest hash (the manifest's), be shards 1..N of one N each
/// exactly once, and together cover every file the manifest declares exactly once with its declared digest.
/// </summary>
public static class AttestationMerge
{
    public static VerificationStatement? Merge(IReadOnlyList<(string File, VerificationStatement Statement)> shards, ProvenanceManifest manifest, string manifestHash, DiagnosticBag diagnostics)
    {
        var other = shards.FirstOrDefault(s => s.Statement.ManifestHash != manifestHash);
        if (other.Statement is not null)
        {
            diagnostics.Add(Rules.AttestationOtherManifest, new SourceLocation(other.File), $"{other.File} attests {other.Statement.ManifestHash}, and the manifest is {manifestHash}: every shard must verify the same manifest.");
            return null;
        }

        var count = shards[0].Statement.ShardCount;
        var indices = shards.Select(s => s.Statement.ShardIndex).OrderBy(i => i).ToList();
        if (shards.Any(s => s.Statement.ShardCount != count) || !indices.SequenceEqual(Enumerable.Range(1, count)))
        {
            diagnostics.Add(Rules.ShardsIncomplete, SourceLocation.None, $"the shards are {string.Join(", ", shards.Select(s => $"{s.Statement.ShardIndex}/{s.Statement.ShardCount}"))}; a merge needs shards 1 to {count} of {count}, each once.");
            return null;
        }

        var declared = ShardVerification.Files(manifest).ToDictionary(f => Voucher.SubjectName(f.Path!.Value), f => { Sha256Digest.TryParse(f.Sha256!.Value, out var hex, out _); return hex; }, StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (file, statement) in shards)
        {
            foreach (var (path, sha256) in statement.Subjects)
            {
                seen[path] = seen.TryGetValue(path, out var n) ? n + 1 : 1;
                if (!declared.TryGetValue(path, out var hex) || hex != sha256)
                {
                    problems.Add($"{file} vouches for '{path}' sha256:{sha256}, which the manifest does not declare");
                }
            }
        }

        problems.AddRange(declared.Keys.Where(p => !seen.ContainsKey(p)).Select(p => $"no shard verified '{p}'"));
        problems.AddRange(seen.Where(p => p.Value > 1).Select(p => $"'{p.Key}' is in {p.Value} shards"));
        if (problems.Count > 0)
        {
            diagnostics.Add(Rules.ShardsIncomplete, SourceLocation.None, $"the shards do not cover every file exactly once: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $"; and {problems.Count - 5} more" : string.Empty)}.");
            return null;
        }

        return new VerificationStatement(
            manifestHash,
            shards.SelectMany(s => s.Statement.Subjects).ToList(),
            0,
            count,
            shards.OrderBy(s => s.Statement.ShardIndex).SelectMany(s => s.Statement.Verifiers).ToList(),
            shards.Min(s => s.Statement.VerifiedAt));
    }
}
