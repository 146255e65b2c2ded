namespace Provenance.Diagnostics;

public sealed class Diagnostic
{
    public Diagnostic(DiagnosticDescriptor descriptor, SourceLocation location, string message)
        : this(descriptor, location, message, descriptor.DefaultSeverity, suppressionJustification: null)
    {
    }

    private Diagnostic(DiagnosticDescriptor descriptor, SourceLocation location, string message, DiagnosticSeverity severity, string? suppressionJustification, string? suppressionUntil = null)
    {
        SuppressionUntil = suppressionUntil;
        Descriptor = descriptor;
        Location = location;
        Message = message;
        Severity = severity;
        SuppressionJustification = suppressionJustification;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string Id => Descriptor.Id;

    public SourceLocation Location { get; }

    public string Message { get; }

    /// <summary>The severity after the mode and suppressions were applied.</summary>
    public DiagnosticSeverity Severity { get; }

    public string? SuppressionJustification { get; }

    /// <summary>The date the suppression expires, when it has one.</summary>
    public string? SuppressionUntil { get; }

    public bool IsSuppressed => SuppressionJustification is not null;

    public Diagnostic WithSeverity(DiagnosticSeverity severity) =>
        new(Descriptor, Location, Message, severity, SuppressionJustification, SuppressionUntil);

    public Diagnostic AsSuppressed(string justification, string? until = null) =>
        new(Descriptor, Location, Message, DiagnosticSeverity.Info, justification, string.IsNullOrWhiteSpace(until) ? null : until!.Trim());

    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var where = Location.ToString();
        return (where.Length > 0 ? where + ": " : string.Empty) + $"{severity} {Id}: {Message}";
    }
}
