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

    /// <summary>VerifyProvenance's SummaryDigest from this build; empty when the gate did not run or did not pass.</summary>
    public string? GateSummaryDigest { get; set; }

    public ITaskItem[] ModelArtifacts { get; set; } = new ITaskItem[0];

    /// <summary>The project file: the build record names it, and no stamp overwrites another project's record.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>
    /// True (with PROV705) when <paramref name="recordFile"/> is another project's build record: two projects that stamp
    /// into one folder would silently overwrite each other. <paramref name="project"/> is this project as the record names it.
    /// </summary>
    protected bool IsAnotherProjectsRecord(string recordFile, out string? project)
    {
        project = string.IsNullOrEmpty(ProjectFile) ? null : Files.RelativePath.From(Path.GetDirectoryName(Path.GetFullPath(recordFile))!, ProjectFile!);
        if (project is null || !File.Exists(recordFile) || BuildRecordWriter.ReadProject(File.ReadAllText(recordFile)) is not { } other || other == project)
        {
            return false;
        }

        LogDiagnostic(new Diagnostic(Rules.StampOfAnotherProject, new SourceLocation(ProjectFile), $"{recordFile} is the build record of {other}: two projects stamp into one folder and would overwrite each other's card and record. Give each project its own OutDir, or set ProvenanceModelCard and ProvenanceBuildRecord per project."));
        return true;
    }

    /// <summary>
    /// The summary the gate wrote in this build, or null (with PROV701) when the gate did not run in this build, did not
    /// pass, or the file is not the one it wrote: a stamp never says "passed" for a gate that did not pass now.
    /// </summary>
    protected GateSummary? ReadSummary()
    {
        if (string.IsNullOrWhiteSpace(GateSummaryDigest))
        {
            LogDiagnostic(new Diagnostic(Rules.StampFailed, new SourceLocation(GateSummaryFile), "the provenance gate did not pass in this build (it failed, was off, or did not run), so there is nothing verified to stamp. Run the ProvenanceVerify target in the same build; it runs as part of Build."));
            return null;
        }

        var bytes = File.Exists(GateSummaryFile) ? File.ReadAllBytes(GateSummaryFile) : null;
        if (bytes is null || !string.Equals(Verification.FileDigest.ComputeSha256(bytes), GateSummaryDigest!.Trim(), System.StringComparison.Ordinal))
        {
            LogDiagnostic(new Diagnostic(Rules.StampFailed, new SourceLocation(GateSummaryFile), "the gate summary is missing or is not the one the gate wrote in this build (another build or a person changed it), so nothing is stamped. Build again."));
            return null;
        }

        var summary = GateSummary.FromJson(System.Text.Encoding.UTF8.GetString(bytes));
        if (!summary.Passed)
        {
            LogDiagnostic(new Diagnostic(Rules.StampFailed, new SourceLocation(GateSummaryFile), "the gate summary says the gate did not pass, so nothing is stamped."));
            return null;
        }

        return summary;
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

    /// <summary>The path relative to the project, with '../' when it lies outside (a shared manifest, a model elsewhere).</summary>
    protected string RelativeName(string fullPath) => Files.RelativePath.From(ProjectDirectory, fullPath);
}
