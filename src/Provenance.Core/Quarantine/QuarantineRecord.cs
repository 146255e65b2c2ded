using System.Collections.Generic;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Manifests;

namespace Provenance.Quarantine;

/// <summary>One quarantine record file: which source is blocked for which uses, why, and what ends it.</summary>
public sealed class QuarantineRecord
{
    public string Path { get; internal set; } = string.Empty;

    public SourceLocation Location { get; internal set; }

    public Located<string>? Id { get; internal set; }

    public Located<string>? SourceRecord { get; internal set; }

    public Located<string>? Trigger { get; internal set; }

    public IReadOnlyList<string> BlockedUses { get; internal set; } = new List<string>();

    public IReadOnlyList<string> AllowedUses { get; internal set; } = new List<string>();

    public Located<string>? ExitCondition { get; internal set; }

    public Located<string>? OpenedAt { get; internal set; }

    public Located<string>? OpenedBy { get; internal set; }

    public QuarantineStatus Status { get; internal set; }

    public Located<string>? StatusText { get; internal set; }

    public Located<string>? LiftedAt { get; internal set; }

    public Located<string>? LiftedBy { get; internal set; }

    public IReadOnlyList<EvidenceFile> ExitEvidence { get; internal set; } = new List<EvidenceFile>();

    /// <summary>False when PROV502 was raised for it; an invalid record still blocks every use (fail closed).</summary>
    public bool IsValid { get; internal set; } = true;

    public string SourceName => SourceRecord is null ? string.Empty : Manifests.SourceRecord.Split(SourceRecord.Value).Name;

    /// <summary>Whether this build's use is blocked: blocked when listed as blocked, or when not listed as allowed.</summary>
    public bool Blocks(string use) => !IsValid || BlockedUses.Contains(use) || !AllowedUses.Contains(use);
}
