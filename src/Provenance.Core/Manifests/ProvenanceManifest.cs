using System.Collections.Generic;
using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>A dataset manifest (format v1): what the data is, where it came from, what was done to it, who reviewed it.</summary>
public sealed class ProvenanceManifest
{
    public string Path { get; internal set; } = string.Empty;

    public SourceLocation Location { get; internal set; }

    public Located<string>? Dataset { get; internal set; }

    public Located<string>? CreatedAt { get; internal set; }

    public Located<string>? ModelBuild { get; internal set; }

    public Located<string>? Description { get; internal set; }

    public Located<string>? RightsBasis { get; internal set; }

    /// <summary>Where <c>source_records</c> was written, or null when the manifest has none.</summary>
    public SourceLocation? SourceRecordsLocation { get; internal set; }

    public IReadOnlyList<SourceRecord> SourceRecords { get; internal set; } = new List<SourceRecord>();

    public SourceLocation? TransformsLocation { get; internal set; }

    public IReadOnlyList<TransformStep> Transforms { get; internal set; } = new List<TransformStep>();

    public EvidenceFile? ExclusionReport { get; internal set; }

    public Located<string>? ReviewerStatusText { get; internal set; }

    public ReviewerStatus? ReviewerStatus { get; internal set; }

    public Located<string>? ReviewedBy { get; internal set; }

    public Located<string>? ReviewedAt { get; internal set; }

    public IReadOnlyList<Located<string>> UnresolvedRisks { get; internal set; } = new List<Located<string>>();

    /// <summary>Risks that left <c>unresolved_risks</c>, each with how it was resolved.</summary>
    public IReadOnlyList<ResolvedRisk> ResolvedRisks { get; internal set; } = new List<ResolvedRisk>();

    /// <summary>A legacy single <c>source:</c> string (reported as PROV004); kept so a diff can show it was re-pinned.</summary>
    public Located<string>? LegacySource { get; internal set; }

    /// <summary>The top-level <c>sha256</c>, with <c>artifact</c> when given.</summary>
    public EvidenceFile? Artifact { get; internal set; }

    public IReadOnlyList<EvidenceFile> Files { get; internal set; } = new List<EvidenceFile>();

    /// <summary>A Croissant JSON-LD metadata file whose FileObjects' digests are verified too.</summary>
    public Located<string>? Croissant { get; internal set; }

    /// <summary>Every file the manifest declares, in document order: artifact, files, sources, exclusion report.</summary>
    public IEnumerable<EvidenceFile> AllEvidence()
    {
        if (Artifact is not null)
        {
            yield return Artifact;
        }

        foreach (var file in Files)
        {
            yield return file;
        }

        foreach (var source in SourceRecords)
        {
            if (source.Evidence is not null)
            {
                yield return source.Evidence;
            }
        }

        if (ExclusionReport is not null)
        {
            yield return ExclusionReport;
        }
    }
}
