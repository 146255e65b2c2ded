using System.Text.RegularExpressions;

namespace Provenance.Manifests;

/// <summary>How names are recognised as opt-out lists and record-removing transforms (documented in docs/manifest.md).</summary>
public static class OptOutNames
{
    private static readonly Regex OptOut = new(@"opt[-_ ]?out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex Removes = new(@"remov|exclu|filter|drop|dedup|purge|delet", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool Mentions(string name) => OptOut.IsMatch(name);

    public static bool RemovesRecords(string name) => Removes.IsMatch(name);

    public static bool RemovesOptOuts(string name) => Mentions(name) && Removes.IsMatch(name);
}
