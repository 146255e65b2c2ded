using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Provenance.Quarantine;

/// <summary>
/// Use tokens (<c>training</c>, <c>benchmark-publication</c>, <c>incident-reproduction</c>) and the documented rule that
/// reads prose such as "new training and benchmark publication" into them (docs/quarantine.md):
/// split at commas, semicolons, '/', '&amp;', "and", "or"; cut each phrase at the first context word ("in", "on", "for", ...);
/// drop leading qualifiers ("new", "any", "all", "the", ...); join the rest with '-'.
/// </summary>
public static class Uses
{
    public const string Training = "training";

    private static readonly Regex Token = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex PhraseSeparators = new(@"\s*(?:,|;|/|&|\band\b|\bor\b)\s*", RegexOptions.CultureInvariant);
    private static readonly string[] ContextWords = { "in", "on", "within", "inside", "outside", "for", "under", "with", "via", "by", "only", "until", "while", "at" };
    private static readonly string[] LeadingQualifiers = { "new", "any", "all", "the", "a", "an", "further", "future", "more", "other" };

    public static bool IsToken(string text) => Token.IsMatch(text);

    /// <summary>Reads one phrase or a prose list into tokens; <paramref name="problem"/> says which part could not be read.</summary>
    public static bool TryParseProse(string text, out IReadOnlyList<string> tokens, out string problem)
    {
        var result = new List<string>();
        foreach (var rawPhrase in PhraseSeparators.Split(text.Trim().ToLowerInvariant()))
        {
            var words = rawPhrase.Split(new[] { ' ', '\t', '-', '_' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            var cut = words.FindIndex(w => ContextWords.Contains(w));
            if (cut >= 0)
            {
                words = words.Take(cut).ToList();
            }

            while (words.Count > 1 && LeadingQualifiers.Contains(words[0]))
            {
                words.RemoveAt(0);
            }

            if (words.Count == 0)
            {
                continue;
            }

            var token = string.Join("-", words);
            if (!IsToken(token))
            {
                tokens = Array.Empty<string>();
                problem = $"'{rawPhrase}' does not read as a use (a use is a kebab-case token such as benchmark-publication)";
                return false;
            }

            if (!result.Contains(token))
            {
                result.Add(token);
            }
        }

        if (result.Count == 0)
        {
            tokens = Array.Empty<string>();
            problem = $"'{text}' names no use";
            return false;
        }

        tokens = result;
        problem = string.Empty;
        return true;
    }
}
