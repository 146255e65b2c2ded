using System;

namespace Provenance.Gate;

public enum GateMode
{
    /// <summary>Gaps are errors: the build fails.</summary>
    Enforce,

    /// <summary>The same diagnostics as warnings: the build passes and the card lists the gaps.</summary>
    Audit,

    /// <summary>Nothing runs.</summary>
    Off,
}

public static class GateModes
{
    public static bool TryParse(string? text, out GateMode mode)
    {
        switch ((text ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "":
            case "enforce":
                mode = GateMode.Enforce;
                return true;
            case "audit":
                mode = GateMode.Audit;
                return true;
            case "off":
                mode = GateMode.Off;
                return true;
            default:
                mode = GateMode.Enforce;
                return false;
        }
    }

    public static string ToName(this GateMode mode) => mode.ToString().ToLowerInvariant();
}
