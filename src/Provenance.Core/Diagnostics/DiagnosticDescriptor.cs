namespace Provenance.Diagnostics;

/// <summary>A rule: its stable code, what it is about, and how severe it is when nothing changes that.</summary>
public sealed class DiagnosticDescriptor
{
    public const string HelpLinkBase = "https://github.com/provenance-build/Provenance.Build/blob/main/docs/rules/";

    internal DiagnosticDescriptor(string id, string title, DiagnosticSeverity defaultSeverity, bool canBeSuppressed = true)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
        CanBeSuppressed = canBeSuppressed;
    }

    public string Id { get; }

    public string Title { get; }

    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>False for diagnostics that mean nothing could be verified at all (unreadable input, internal errors).</summary>
    public bool CanBeSuppressed { get; }

    public string HelpLink => HelpLinkBase + Id + ".md";

    public override string ToString() => Id;
}
