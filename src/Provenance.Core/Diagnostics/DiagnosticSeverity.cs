namespace Provenance.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}
