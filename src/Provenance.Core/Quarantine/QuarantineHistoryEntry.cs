using System.Collections.Generic;
using Provenance.Verification;

namespace Provenance.Quarantine;

/// <summary>A quarantine record that touched one of the manifest's sources, as the model card and build record print it.</summary>
public sealed class QuarantineHistoryEntry
{
    public QuarantineHistoryEntry(QuarantineRecord record, string relativePath, bool blocksThisUse, IReadOnlyList<VerifiedFile> exitEvidence)
    {
        Record = record;
        RelativePath = relativePath;
        BlocksThisUse = blocksThisUse;
        ExitEvidence = exitEvidence;
    }

    public QuarantineRecord Record { get; }

    /// <summary>The record's path relative to the manifest's directory, with '/' separators.</summary>
    public string RelativePath { get; }

    public bool BlocksThisUse { get; }

    public IReadOnlyList<VerifiedFile> ExitEvidence { get; }
}
