using System.IO;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Manifests;

namespace Provenance.Drift;

/// <summary>
/// Reads the baseline manifest: a file (relative to the project directory), or else a git revision such as origin/main,
/// read with <c>git show &lt;revision&gt;:&lt;manifest path&gt;</c>.
/// </summary>
public static class BaselineLoader
{
    public static ProvenanceManifest? Load(string baseline, string projectDirectory, string manifestPath, ReadLimits limits, DiagnosticBag diagnostics)
    {
        var file = Path.GetFullPath(Path.Combine(projectDirectory, baseline));
        var inner = new DiagnosticBag();
        LoadedDocument? document;
        if (File.Exists(file))
        {
            document = DocumentLoader.Load(file, limits, inner);
        }
        else
        {
            var bytes = ReadFromGit(baseline, manifestPath, out var gitPath);
            if (bytes is null)
            {
                diagnostics.Add(Rules.BaselineUnreadable, new SourceLocation(manifestPath), $"ProvenanceBaseline '{baseline}' is neither a file (looked for {file}) nor a git revision that holds {gitPath ?? Path.GetFileName(manifestPath)}. Name the manifest of the last accepted build, or a revision such as origin/main.");
                return null;
            }

            document = DocumentLoader.Parse($"{baseline}:{gitPath}", bytes, limits, inner);
        }

        var manifest = document is null ? null : ManifestReader.Read(document, inner);
        foreach (var problem in inner.Items)
        {
            if (problem.Severity == DiagnosticSeverity.Error)
            {
                diagnostics.Add(Rules.BaselineUnreadable, problem.Location, $"the baseline manifest cannot be read: {problem.Message}");
                return null;
            }
        }

        return manifest;
    }

    private static byte[]? ReadFromGit(string revision, string manifestPath, out string? gitPath)
    {
        gitPath = null;
        var directory = Path.GetDirectoryName(manifestPath)!;
        var root = Git.RunText(directory, "rev-parse", "--show-toplevel")?.Trim();
        if (string.IsNullOrEmpty(root))
        {
            return null;
        }

        var rootFull = Path.GetFullPath(root!).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var manifestFull = Path.GetFullPath(manifestPath);
        if (!manifestFull.StartsWith(rootFull, System.StringComparison.Ordinal))
        {
            return null;
        }

        gitPath = manifestFull.Substring(rootFull.Length).Replace('\\', '/');
        return Git.Run(root!, "show", revision + ":" + gitPath);
    }
}
