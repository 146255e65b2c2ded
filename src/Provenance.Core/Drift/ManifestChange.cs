using Provenance.Diagnostics;

namespace Provenance.Drift;

/// <summary>One semantic difference between a baseline manifest and the current one.</summary>
public sealed class ManifestChange
{
    public ManifestChange(ChangeKind kind, string subject, string? before, string? after, SourceLocation location)
    {
        Kind = kind;
        Subject = subject;
        Before = before;
        After = after;
        Location = location;
    }

    public ChangeKind Kind { get; }

    /// <summary>What changed: a source name, a transform name, a path, a risk.</summary>
    public string Subject { get; }

    public string? Before { get; }

    public string? After { get; }

    /// <summary>Where the change is in the current manifest (or the baseline's location for a removal).</summary>
    public SourceLocation Location { get; }

    public string Describe() => Kind switch
    {
        ChangeKind.SourceAdded => $"source added: {After}",
        ChangeKind.SourceRemoved => $"source removed: {Before}",
        ChangeKind.SourceRepinned => $"source re-pinned: {Subject} {Before ?? "(no version)"} -> {After}",
        ChangeKind.SourceRightsChanged => $"rights basis of source {Subject} changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
        ChangeKind.RightsBasisChanged => $"rights basis changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
        ChangeKind.TransformAdded => $"transform added: {After}",
        ChangeKind.TransformRemoved => $"transform removed: {Before}",
        ChangeKind.TransformReversioned => $"transform re-versioned: {Subject} {Before ?? "(no version)"} -> {After ?? "(no version)"}",
        ChangeKind.TransformParametersChanged => $"transform parameters changed: {Subject} [{Before}] -> [{After}]",
        ChangeKind.TransformsReordered => $"transforms reordered: {Before} -> {After}",
        ChangeKind.ExclusionReportChanged => $"exclusion report changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
        ChangeKind.ReviewerStatusChanged => $"reviewer status changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
        ChangeKind.ReviewDateChanged => $"review date changed: {Before ?? "(none)"} -> {After ?? "(none)"}",
        ChangeKind.RiskAdded => $"risk added: {After}",
        ChangeKind.RiskResolved => $"risk resolved: {Before}{(After is null ? string.Empty : " (" + After + ")")}",
        ChangeKind.DigestChanged => $"digest changed: {Subject} {Short(Before)} -> {Short(After)}",
        ChangeKind.FileAdded => $"file added: {Subject}",
        _ => $"file removed: {Subject}",
    };

    private static string Short(string? digest) => digest is null ? "(none)" : digest.Length > 15 ? digest.Substring(0, 15) + "…" : digest;
}
