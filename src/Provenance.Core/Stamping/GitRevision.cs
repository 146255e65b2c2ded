namespace Provenance.Stamping;

/// <summary>Reads the commit and whether the tracked tree is dirty, by running git; unknown when git is not there.</summary>
public static class GitRevision
{
    public static CodeVersion Read(string? sourceRevisionId, string workingDirectory)
    {
        var head = Git.RunText(workingDirectory, "rev-parse", "HEAD")?.Trim();
        var status = head is null ? null : Git.RunText(workingDirectory, "status", "--porcelain", "--untracked-files=no");
        bool? dirty = status is null ? null : status.Trim().Length > 0;
        if (!string.IsNullOrWhiteSpace(sourceRevisionId))
        {
            return new CodeVersion(sourceRevisionId!.Trim(), dirty, "SourceRevisionId");
        }

        return head is null || head.Length == 0 ? new CodeVersion(null, null, "unknown") : new CodeVersion(head, dirty, "git");
    }
}
