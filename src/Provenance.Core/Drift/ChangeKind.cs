namespace Provenance.Drift;

public enum ChangeKind
{
    SourceAdded,
    SourceRemoved,
    SourceRepinned,
    SourceRightsChanged,
    RightsBasisChanged,
    TransformAdded,
    TransformRemoved,
    TransformReversioned,
    TransformParametersChanged,
    TransformsReordered,
    ExclusionReportChanged,
    ReviewerStatusChanged,
    ReviewDateChanged,
    RiskAdded,
    RiskResolved,
    DigestChanged,
    FileAdded,
    FileRemoved,
}

public static class ChangeKinds
{
    /// <summary>Changes to how the data came to be: what a reviewer must look at again.</summary>
    public static bool IsProcessChange(this ChangeKind kind) => kind is ChangeKind.SourceAdded or ChangeKind.SourceRemoved
        or ChangeKind.SourceRepinned or ChangeKind.SourceRightsChanged or ChangeKind.RightsBasisChanged or ChangeKind.TransformAdded
        or ChangeKind.TransformRemoved or ChangeKind.TransformReversioned or ChangeKind.TransformParametersChanged
        or ChangeKind.TransformsReordered or ChangeKind.ExclusionReportChanged;

    public static bool IsReviewChange(this ChangeKind kind) => kind is ChangeKind.ReviewerStatusChanged or ChangeKind.ReviewDateChanged;

    public static bool IsByteChange(this ChangeKind kind) => kind is ChangeKind.DigestChanged or ChangeKind.FileAdded or ChangeKind.FileRemoved;

    /// <summary>kebab-case name used in JSON output.</summary>
    public static string ToName(this ChangeKind kind)
    {
        var text = kind.ToString();
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }
}
