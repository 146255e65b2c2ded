using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace Provenance.Manifests;

/// <summary>
/// A rights basis is specific when at least one of its parts names a versioned policy (a part with a digit, such as
/// internal-use-policy-2026-04) or a license identifier; a bare word such as "internal" is vague.
/// </summary>
public static class RightsBasisPolicy
{
    private static readonly string[] VagueWords =
    {
        "internal", "public", "unknown", "tbd", "todo", "n/a", "na", "none", "proprietary", "various", "mixed", "open",
        "licensed", "consent", "yes", "ok", "approved", "legal", "fair-use", "fair use", "company", "customer",
    };

    private static readonly string[] LicenseIdentifiers =
    {
        "MIT", "ISC", "Unlicense", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0",
        "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
    };

    private static readonly Regex Separators = new(@"\s*(?:\+|,|;|\band\b|&)\s*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static bool IsVague(string rightsBasis, out string reason)
    {
        var trimmed = rightsBasis.Trim();
        if (VagueWords.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            reason = $"'{trimmed}' is a bare word, not a rights basis a reviewer can check";
            return true;
        }

        var parts = Separators.Split(trimmed).Where(p => p.Length > 0).ToArray();
        if (parts.Any(p => p.Any(char.IsDigit) || LicenseIdentifiers.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            reason = string.Empty;
            return false;
        }

        reason = $"'{trimmed}' names no versioned policy (such as internal-use-policy-2026-04) and no license identifier (such as CC-BY-4.0)";
        return true;
    }
}
