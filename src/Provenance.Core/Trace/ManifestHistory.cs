using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Provenance.Trace;

/// <summary>The revisions of one file in git, newest first, following renames: commit, date, subject, path and bytes.</summary>
public static class ManifestHistory
{
    public sealed class Revision
    {
        public Revision(string commit, string date, string subject, string path)
        {
            Commit = commit;
            Date = date;
            Subject = subject;
            Path = path;
        }

        public string Commit { get; }

        public string Date { get; }

        public string Subject { get; }

        /// <summary>The file's path in that commit, relative to the repository root.</summary>
        public string Path { get; }

        private byte[]? bytes;

        /// <summary>The file's bytes in that commit, from git once, then kept: a trace looks at a revision more than once.</summary>
        public byte[]? Bytes(string repositoryRoot) => bytes ??= Git.Run(repositoryRoot, "show", $"{Commit}:{Path}");
    }

    /// <summary>The repository that holds <paramref name="folder"/>, or null when there is none (or no git).</summary>
    public static string? RepositoryRoot(string folder)
    {
        var root = Directory.Exists(folder) ? Git.RunText(folder, "rev-parse", "--show-toplevel")?.Trim() : null;
        return string.IsNullOrEmpty(root) ? null : root;
    }

    public static IReadOnlyList<Revision> Of(string repositoryRoot, string fullPath)
    {
        var relative = Files.RelativePath.From(repositoryRoot, fullPath);
        var log = Git.RunText(repositoryRoot, "log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only", "--", relative);
        var revisions = new List<Revision>();
        foreach (var entry in (log ?? string.Empty).Split(new[] { '\u001e' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = entry.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            var fields = lines.Count > 0 ? lines[0].Split('\u001f') : Array.Empty<string>();
            if (fields.Length == 3 && lines.Count >= 2)
            {
                revisions.Add(new Revision(fields[0], fields[1], fields[2], lines[lines.Count - 1]));
            }
        }

        return revisions;
    }

    /// <summary>The files of a folder at a commit (recursively), relative to the repository root.</summary>
    public static IReadOnlyList<string> FilesAt(string repositoryRoot, string commit, string folder)
    {
        var listing = Git.RunText(repositoryRoot, "ls-tree", "-r", "--name-only", commit, "--", folder);
        return (listing ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
