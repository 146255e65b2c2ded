using System.Collections.Generic;

namespace Provenance.Diagnostics;

/// <summary>Collects diagnostics; every gap is reported in one run, not one per run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> diagnostics = new();

    public IReadOnlyList<Diagnostic> Items => diagnostics;

    public bool HasErrors
    {
        get
        {
            foreach (var d in diagnostics)
            {
                if (d.Severity == DiagnosticSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Add(DiagnosticDescriptor descriptor, SourceLocation location, string message) =>
        diagnostics.Add(new Diagnostic(descriptor, location, message));

    public void Add(Diagnostic diagnostic) => diagnostics.Add(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> items) => diagnostics.AddRange(items);
}
