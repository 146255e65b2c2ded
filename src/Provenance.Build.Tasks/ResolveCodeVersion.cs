using System;
using Microsoft.Build.Framework;
using Provenance.Stamping;

namespace Provenance.Build.Tasks;

/// <summary>
/// Resolves the code version once per build (the commit, and whether tracked files have uncommitted changes) and writes
/// it, with SOURCE_DATE_EPOCH, to a small file only when it changed: the file is an input of the stamp target, so a new
/// commit or an edit re-stamps the build record and nothing else does.
/// </summary>
public sealed class ResolveCodeVersion : ProvenanceTask
{
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>The SDK's $(SourceRevisionId), when source control information was initialized.</summary>
    public string? SourceRevisionId { get; set; }

    [Required]
    public string OutputFile { get; set; } = string.Empty;

    [Output]
    public string? Revision { get; private set; }

    /// <summary><c>true</c>, <c>false</c>, or empty when unknown.</summary>
    [Output]
    public string? Dirty { get; private set; }

    [Output]
    public string? Source { get; private set; }

    protected override void ExecuteCore()
    {
        var version = GitRevision.Read(SourceRevisionId, ProjectDirectory);
        Revision = version.Revision;
        Dirty = version.Dirty is null ? string.Empty : version.Dirty.Value ? "true" : "false";
        Source = version.Source;
        AtomicFile.WriteIfChanged(OutputFile, $"{Revision}\n{Dirty}\n{Source}\n{Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH")}\n");
    }
}
