using System.Collections.Generic;
using Provenance.Diagnostics;

namespace Provenance.Trace;

/// <summary>One link of the chain from a shipped model back to its sources: what it found, or why it is broken.</summary>
public sealed class TraceLink
{
    public TraceLink(string name, string summary, IReadOnlyList<string> details, DiagnosticDescriptor? broken = null, string? repair = null)
    {
        Name = name;
        Summary = summary;
        Details = details;
        Broken = broken;
        Repair = repair;
    }

    /// <summary>artifact, record, signature, manifest, history, story, quarantine, card.</summary>
    public string Name { get; }

    public string Summary { get; }

    public IReadOnlyList<string> Details { get; }

    /// <summary>The PROV8xx code when the link is broken.</summary>
    public DiagnosticDescriptor? Broken { get; }

    /// <summary>What evidence would repair a broken link.</summary>
    public string? Repair { get; }

    public bool Holds => Broken is null;
}
