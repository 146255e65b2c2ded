using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Provenance.Manifests;

/// <summary>ISO-8601 dates and date-times as manifests and records write them: <c>2026-05-22</c>, <c>2026-05-22T18:10:00Z</c>.</summary>
public static class IsoDate
{
    private static readonly Regex Shape = new(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Shape.IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
