using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Provenance.Manifests;

/// <summary>
/// The form every spelling of one source id shares, so a quarantine cannot be evaded by respelling the source in the
/// manifest: Unicode compatibility form, no white space, control or format characters, look-alike Cyrillic and Greek
/// letters as Latin, lower case, '_' as '-', one '@', and a version that is a date-time cut to its date.
/// <c>Support_Chat_Export@@2026-05-22T00:00:00Z </c> and <c>support-chat-export@2026-05-22</c> share one key.
/// </summary>
public static class SourceKey
{
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['а'] = 'a', ['в'] = 'b', ['с'] = 'c', ['е'] = 'e', ['ё'] = 'e', ['һ'] = 'h', ['і'] = 'i', ['ј'] = 'j', ['к'] = 'k',
        ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p', ['ѕ'] = 's', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['ԁ'] = 'd',
        ['ɡ'] = 'g', ['ӏ'] = 'l', ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o',
        ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x', ['‐'] = '-', ['‑'] = '-', ['‒'] = '-', ['–'] = '-', ['—'] = '-',
        ['−'] = '-', ['_'] = '-', ['＠'] = '@',
    };

    public static string Of(string id)
    {
        var folded = new StringBuilder(id.Length);
        foreach (var c in id.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            var mapped = LookAlikes.TryGetValue(c, out var latin) ? latin : c;
            if (mapped == '@' && folded.Length > 0 && folded[folded.Length - 1] == '@')
            {
                continue;
            }

            folded.Append(mapped);
        }

        var (name, version) = SourceRecord.Split(folded.ToString());
        if (version is null)
        {
            return name;
        }

        // 2026-05-22T00:00:00Z, 2026-05-22 10:00: the export of that day.
        if (version.Length > 10 && IsDate(version) && version[10] is 't' or ' ' or '_' or '-')
        {
            version = version.Substring(0, 10);
        }

        return name + "@" + version;
    }

    /// <summary>The first character a reviewer could misread (not printable ASCII, or white space), or null.</summary>
    public static (char Character, int Index)? FirstAmbiguousCharacter(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] <= ' ' || id[i] > '~')
            {
                return (id[i], i);
            }
        }

        return null;
    }

    private static bool IsDate(string text) =>
        text.Length >= 10 && char.IsDigit(text[0]) && char.IsDigit(text[1]) && char.IsDigit(text[2]) && char.IsDigit(text[3])
        && text[4] == '-' && char.IsDigit(text[5]) && char.IsDigit(text[6]) && text[7] == '-' && char.IsDigit(text[8]) && char.IsDigit(text[9]);
}
