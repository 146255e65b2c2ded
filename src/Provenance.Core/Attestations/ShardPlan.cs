using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Attestations;

/// <summary>
/// The deterministic, size-balanced split of a manifest's files into N shards: largest first, each to the shard with the
/// fewest bytes so far (the lowest index on a tie). Every worker computes the same plan from the same files.
/// </summary>
public static class ShardPlan
{
    /// <summary>The files of shard <paramref name="index"/> (1-based) of <paramref name="count"/>.</summary>
    public static IReadOnlyList<T> Select<T>(IReadOnlyList<T> files, Func<T, string> path, Func<T, long> length, int index, int count)
    {
        var totals = new long[count];
        var chosen = new List<T>();
        foreach (var file in files.OrderByDescending(length).ThenBy(path, StringComparer.Ordinal))
        {
            var shard = 0;
            for (var i = 1; i < count; i++)
            {
                if (totals[i] < totals[shard])
                {
                    shard = i;
                }
            }

            totals[shard] += length(file);
            if (shard == index - 1)
            {
                chosen.Add(file);
            }
        }

        return chosen;
    }

    /// <summary>Parses "K/N" (1 ≤ K ≤ N ≤ 10,000).</summary>
    public static bool TryParse(string text, out int index, out int count)
    {
        index = count = 0;
        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count)
            && count >= 1 && count <= 10_000 && index >= 1 && index <= count;
    }
}
