using Provenance.Diagnostics;

namespace Provenance.Manifests;

/// <summary>A versioned source: <c>support-chat-export@2026-05-22</c>, in short or long form.</summary>
public sealed class SourceRecord
{
    public SourceRecord(Located<string> id, Located<string>? role, Located<string>? rightsBasis, Located<string>? reviewerStatusText, ReviewerStatus? reviewerStatus, EvidenceFile? evidence)
    {
        Id = id;
        (Name, Version) = Split(id.Value);
        Role = role;
        RightsBasis = rightsBasis;
        ReviewerStatusText = reviewerStatusText;
        ReviewerStatus = reviewerStatus;
        Evidence = evidence;
    }

    public Located<string> Id { get; }

    /// <summary>Splits <c>name@version</c> at the last '@'; the version is null when there is none.</summary>
    public static (string Name, string? Version) Split(string id)
    {
        var at = id.LastIndexOf('@');
        return at < 0 ? (id, null) : (id.Substring(0, at), id.Substring(at + 1));
    }

    public string Name { get; }

    /// <summary>The part after '@', or null when the id has none.</summary>
    public string? Version { get; }

    public Located<string>? Role { get; }

    public Located<string>? RightsBasis { get; }

    public Located<string>? ReviewerStatusText { get; }

    public ReviewerStatus? ReviewerStatus { get; }

    public EvidenceFile? Evidence { get; }

    public SourceLocation Location => Id.Location;

    public bool IsOptOutList =>
        Role?.Value == "opt-out-list" || OptOutNames.Mentions(Name);
}
