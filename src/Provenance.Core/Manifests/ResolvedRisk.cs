namespace Provenance.Manifests;

/// <summary>A risk that was once unresolved, and the note of how it was resolved.</summary>
public sealed class ResolvedRisk
{
    public ResolvedRisk(Located<string> risk, Located<string> resolution, Located<string>? resolvedAt)
    {
        Risk = risk;
        Resolution = resolution;
        ResolvedAt = resolvedAt;
    }

    public Located<string> Risk { get; }

    public Located<string> Resolution { get; }

    public Located<string>? ResolvedAt { get; }
}
