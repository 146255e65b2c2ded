using System.Text.RegularExpressions;

namespace Provenance.Verification;

/// <summary>A declared digest: 64 hex characters, optionally prefixed <c>sha256:</c>; upper-case hex is accepted and lowered.</summary>
public static class Sha256Digest
{
    public const string Prefix = "sha256:";
    private static readonly Regex Hex = new("^[0-9a-fA-F]+$", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out string hex, out string problem)
    {
        hex = string.Empty;
        var body = text.StartsWith(Prefix, System.StringComparison.OrdinalIgnoreCase) ? text.Substring(Prefix.Length) : text;
        if (body.Length != body.Trim().Length)
        {
            problem = "it has white space inside the value";
        }
        else if (body.EndsWith("...", System.StringComparison.Ordinal) || body.EndsWith("\u2026", System.StringComparison.Ordinal))
        {
            problem = $"it is truncated ('{text}'): a digest is all 64 hex characters, never an abbreviation";
        }
        else if (!Hex.IsMatch(body))
        {
            problem = "it has characters that are not hex digits";
        }
        else if (body.Length != 64)
        {
            problem = $"it has {body.Length} hex characters; a SHA-256 digest has 64";
        }
        else
        {
            hex = body.ToLowerInvariant();
            problem = string.Empty;
            return true;
        }

        return false;
    }

    public static string Format(string hex) => Prefix + hex;
}
