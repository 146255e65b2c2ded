using Provenance.Diagnostics;

namespace Provenance.Gate;

/// <summary>A <c>&lt;ProvenanceSuppress Include="PROV204" Justification="..." Until="2026-12-31" /&gt;</c> item.</summary>
public sealed class Suppression
{
    public Suppression(string code, string? justification, string? until, SourceLocation location = default)
    {
        Code = code.Trim();
        Justification = justification;
        Until = until;
        Location = location;
    }

    public string Code { get; }

    public string? Justification { get; }

    public string? Until { get; }

    /// <summary>Where the suppression was declared, when known (the project file).</summary>
    public SourceLocation Location { get; }

    public override string ToString() => Code;
}
