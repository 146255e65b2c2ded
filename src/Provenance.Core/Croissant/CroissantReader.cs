using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Manifests;

namespace Provenance.Croissant;

/// <summary>
/// Reads the FileObjects of a Croissant (JSON-LD) metadata document as evidence: <c>contentUrl</c> (relative to the
/// metadata file) and <c>sha256</c> become a file to verify. A FileObject with only an md5, with no digest, or with a
/// remote URL is a gap. FileSets carry no digest of their own and are not verified (their archive FileObject is).
/// </summary>
public static class CroissantReader
{
    public static IReadOnlyList<EvidenceFile> ReadFileObjects(LoadedDocument document, DiagnosticBag diagnostics)
    {
        var files = new List<EvidenceFile>();
        if (document.Root is not MappingNode root || root.Get("distribution") is not SequenceNode distribution)
        {
            diagnostics.Add(Rules.InvalidValue, document.Root.Location, "the Croissant metadata has no 'distribution' list, so it names no file to verify.");
            return files;
        }

        foreach (var item in distribution.Items.OfType<MappingNode>())
        {
            if (!IsFileObject(item))
            {
                continue;
            }

            var name = Text(item, "name") ?? Text(item, "@id") ?? "(unnamed)";
            var role = $"Croissant FileObject '{name}'";
            var url = item.Get("contentUrl") as ScalarNode;
            var sha256 = item.Get("sha256") ?? item.Get("sc:sha256") ?? item.Get("cr:sha256");
            var md5 = item.Get("md5") ?? item.Get("cr:md5");
            if (url is null)
            {
                diagnostics.Add(Rules.DigestWithoutBytes, item.Location, $"{role} has no contentUrl, so its digest names no bytes to check.");
                continue;
            }

            if (url.Value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(Rules.DigestWithoutBytes, url.Location, $"{role} is a remote URL ({url.Value}); the gate verifies bytes on disk only. Download it beside the metadata and point contentUrl at the local copy.");
                continue;
            }

            if (sha256 is not ScalarNode digest)
            {
                diagnostics.Add(Rules.NoDigest, item.Location, md5 is null
                    ? $"{role} ('{url.Value}') has no digest. Add its sha256 to the Croissant metadata."
                    : $"{role} ('{url.Value}') has only an md5, which is not collision resistant. Add its sha256 to the Croissant metadata.");
                continue;
            }

            files.Add(new EvidenceFile(role, item.Location, new Located<string>(url.Value, url.Location), new Located<string>(digest.Value, digest.Location)));
        }

        return files;
    }

    private static bool IsFileObject(MappingNode item)
    {
        var type = item.Get("@type");
        var types = type switch
        {
            ScalarNode scalar => new[] { scalar.Value },
            SequenceNode sequence => sequence.Items.OfType<ScalarNode>().Select(s => s.Value).ToArray(),
            _ => Array.Empty<string>(),
        };
        return types.Any(t => t == "FileObject" || t.EndsWith(":FileObject", StringComparison.Ordinal) || t.EndsWith("/FileObject", StringComparison.Ordinal));
    }

    private static string? Text(MappingNode item, string key) => (item.Get(key) as ScalarNode)?.Value;
}
