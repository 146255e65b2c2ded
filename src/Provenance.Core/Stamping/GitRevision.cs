using System;
using System.Diagnostics;

namespace Provenance.Stamping;

/// <summary>Reads the commit and whether the tracked tree is dirty, by running git; unknown when git is not there.</summary>
public static class GitRevision
{
    public static CodeVersion Read(string? sourceRevisionId, string workingDirectory)
    {
        var head = Run(workingDirectory, "rev-parse HEAD")?.Trim();
        var status = head is null ? null : Run(workingDirectory, "status --porcelain --untracked-files=no");
        bool? dirty = status is null ? null : status.Trim().Length > 0;
        if (!string.IsNullOrWhiteSpace(sourceRevisionId))
        {
            return new CodeVersion(sourceRevisionId!.Trim(), dirty, "SourceRevisionId");
        }

        return head is null || head.Length == 0 ? new CodeVersion(null, null, "unknown") : new CodeVersion(head, dirty, "git");
    }

    private static string? Run(string workingDirectory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? output : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or System.IO.IOException)
        {
            return null;
        }
    }
}
