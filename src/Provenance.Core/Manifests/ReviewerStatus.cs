namespace Provenance.Manifests;

public enum ReviewerStatus
{
    Accepted,
    AcceptedWithLimits,
    Quarantined,
    Rejected,
}

public static class ReviewerStatusNames
{
    public const string AllowedValues = "accepted, accepted_with_limits, quarantined, rejected";

    public static bool TryParse(string text, out ReviewerStatus status)
    {
        switch (text)
        {
            case "accepted": status = ReviewerStatus.Accepted; return true;
            case "accepted_with_limits": status = ReviewerStatus.AcceptedWithLimits; return true;
            case "quarantined": status = ReviewerStatus.Quarantined; return true;
            case "rejected": status = ReviewerStatus.Rejected; return true;
            default: status = default; return false;
        }
    }

    public static string ToName(this ReviewerStatus status) => status switch
    {
        ReviewerStatus.Accepted => "accepted",
        ReviewerStatus.AcceptedWithLimits => "accepted_with_limits",
        ReviewerStatus.Quarantined => "quarantined",
        _ => "rejected",
    };
}
