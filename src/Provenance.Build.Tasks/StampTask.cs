using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Provenance.Diagnostics;
using Provenance.Stamping;
using Provenance.Verification;

namespace Provenance.Build.Tasks;

/// <summary>Base of the stamping tasks: reads the gate summary and hashes the files a stamp names.</summary>
public abstract class StampTask : ProvenanceTask
{
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The gate summary written by VerifyProvenance.</summary>
    [Required]
    public string GateSummaryFile { get; set; } = string.Empty;

    public ITaskItem[] ModelArtifacts { get; set; } = new ITaskItem[0];

    protected GateSummary? ReadSummary()
    {
        if (!File.Exists(GateSummaryFile))
        {
            LogDiagnostic(new Diagnostic(Rules.StampFailed, new SourceLocation(GateSummaryFile), "the gate summary is missing, so there is nothing verified to stamp. Run the ProvenanceVerify target first (it runs as part of Build)."));
            return null;
        }

        return GateSummary.FromJson(File.ReadAllText(GateSummaryFile));
    }

    protected List<StampedFile> HashAll(ITaskItem[] items, string what)
    {
        var files = new List<StampedFile>();
        foreach (var item in items)
        {
            var file = Hash(item.ItemSpec, what);
            if (file is not null)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>Items for files already hashed in this build: identity is the name, metadata Sha256 the digest.</summary>
    protected static ITaskItem[] ToItems(IEnumerable<StampedFile> files)
    {
        var items = new List<ITaskItem>();
        foreach (var file in files)
        {
            var item = new Microsoft.Build.Utilities.TaskItem(file.Name);
            item.SetMetadata("Sha256", file.Sha256);
            items.Add(item);
        }

        return items.ToArray();
    }

    protected static List<StampedFile> FromItems(ITaskItem[] items)
    {
        var files = new List<StampedFile>();
        foreach (var item in items)
        {
            files.Add(new StampedFile(item.ItemSpec, item.GetMetadata("Sha256")));
        }

        return files;
    }

    protected StampedFile? Hash(string path, string what)
    {
        var full = Path.GetFullPath(Path.Combine(ProjectDirectory, path));
        if (!File.Exists(full))
        {
            LogDiagnostic(new Diagnostic(Rules.StampInputMissing, new SourceLocation(full), $"the {what} '{path}' does not exist, so its digest cannot be recorded. Produce it before stamping (for a model artifact: the training step must write it), or fix the path."));
            return null;
        }

        return new StampedFile(RelativeName(full), FileDigest.ComputeSha256(full, CancellationToken));
    }

    protected string RelativeName(string fullPath)
    {
        var root = Path.GetFullPath(ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var relative = fullPath.StartsWith(root, System.StringComparison.Ordinal) ? fullPath.Substring(root.Length) : Path.GetFileName(fullPath);
        return relative.Replace('\\', '/');
    }
}
