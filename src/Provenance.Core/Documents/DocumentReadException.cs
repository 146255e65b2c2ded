using System;
using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>A document could not be read; carries the diagnostic that says where and why.</summary>
public sealed class DocumentReadException : Exception
{
    public DocumentReadException(DiagnosticDescriptor descriptor, SourceLocation location, string message)
        : base(message)
    {
        Descriptor = descriptor;
        Location = location;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public SourceLocation Location { get; }

    public Diagnostic ToDiagnostic() => new(Descriptor, Location, Message);
}
