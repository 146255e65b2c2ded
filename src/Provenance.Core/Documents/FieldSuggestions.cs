using System;
using System.Collections.Generic;

namespace Provenance.Documents;

/// <summary>Finds the field a misspelt or outdated key most likely meant.</summary>
internal static class FieldSuggestions
{
    private static readonly Dictionary<string, string> KnownRenames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["source"] = "source_records",
        ["sources"] = "source_records",
        ["source_record"] = "source_records",
        ["license"] = "rights_basis",
        ["licence"] = "rights_basis",
        ["rights"] = "rights_basis",
        ["digest"] = "sha256",
        ["hash"] = "sha256",
        ["checksum"] = "sha256",
        ["status"] = "reviewer_status",
        ["review_status"] = "reviewer_status",
        ["risks"] = "unresolved_risks",
        ["exclusions"] = "exclusion_report",
        ["steps"] = "transforms",
        ["parameters"] = "params",
    };

    public static string? Suggest(string key, IReadOnlyCollection<string> known)
    {
        foreach (var candidate in known)
        {
            if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        if (KnownRenames.TryGetValue(key, out var renamed) && Contains(known, renamed))
        {
            return renamed;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(key.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static bool Contains(IReadOnlyCollection<string> known, string value)
    {
        foreach (var item in known)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
