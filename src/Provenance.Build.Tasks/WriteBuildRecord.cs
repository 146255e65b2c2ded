using System;
using System.IO;
using Microsoft.Build.Framework;
using Provenance.Stamping;

namespace Provenance.Build.Tasks;

/// <summary>Writes the in-toto build record that links the model artifacts to the manifest hash and the evidence.</summary>
public sealed class WriteBuildRecord : StampTask
{
    [Required]
    public string OutputFile { get; set; } = string.Empty;

    /// <summary>Model artifacts already hashed in this build (WriteModelCard's output); used instead of reading them again.</summary>
    public ITaskItem[]? HashedModelArtifacts { get; set; }

    /// <summary>The model card; the record's subject when there is no model artifact.</summary>
    public string? ModelCard { get; set; }

    public string? TrainingConfig { get; set; }

    public ITaskItem[] EvaluationSets { get; set; } = new ITaskItem[0];

    public string? SourceRevisionId { get; set; }

    /// <summary>ResolveCodeVersion's outputs; when CodeVersionSource is empty, git is asked here instead.</summary>
    public string? CodeRevision { get; set; }

    public string? CodeDirty { get; set; }

    public string? CodeVersionSource { get; set; }

    public string? ToolVersion { get; set; }

    /// <summary>Where to write the data story as W3C PROV-JSON; none when empty.</summary>
    public string? ProvJsonFile { get; set; }

    protected override void ExecuteCore()
    {
        var summary = ReadSummary();
        if (summary is null)
        {
            return;
        }

        if (IsAnotherProjectsRecord(OutputFile, out var project))
        {
            return;
        }

        var input = new BuildRecordInput
        {
            ModelArtifacts = HashedModelArtifacts is { Length: > 0 } ? FromItems(HashedModelArtifacts) : HashAll(ModelArtifacts, "model artifact"),
            EvaluationSets = HashAll(EvaluationSets, "evaluation set"),
            TrainingConfiguration = string.IsNullOrWhiteSpace(TrainingConfig) ? null : Hash(TrainingConfig!, "training configuration"),
            ModelCard = !string.IsNullOrWhiteSpace(ModelCard) && File.Exists(ModelCard) ? Hash(ModelCard!, "model card") : null,
            CodeVersion = string.IsNullOrEmpty(CodeVersionSource)
                ? GitRevision.Read(SourceRevisionId, ProjectDirectory)
                : new CodeVersion(string.IsNullOrEmpty(CodeRevision) ? null : CodeRevision, CodeDirty == "true" ? true : CodeDirty == "false" ? false : null, CodeVersionSource!),
            ToolVersion = string.IsNullOrWhiteSpace(ToolVersion) ? ToolInformation.Version : ToolVersion!,
            ManifestName = summary.ManifestPath is null ? "unknown" : RelativeName(summary.ManifestPath),
            Project = project,
            BuildTime = BuildRecordWriter.ResolveBuildTime(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), DateTimeOffset.UtcNow),
        };
        if (Log.HasLoggedErrors)
        {
            return;
        }

        var record = BuildRecordWriter.Render(summary, input);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH")) && File.Exists(OutputFile))
        {
            // Nothing but the clock changed: keep the record as it is, so a no-op build rewrites nothing.
            var existing = File.ReadAllText(OutputFile);
            if (BuildRecordWriter.TryReadBuildTime(existing, out var previous))
            {
                input.BuildTime = previous;
                var unchanged = BuildRecordWriter.Render(summary, input);
                record = unchanged == existing ? unchanged : record;
            }
        }

        var written = AtomicFile.WriteIfChanged(OutputFile, record);
        if (!string.IsNullOrWhiteSpace(ProvJsonFile))
        {
            AtomicFile.WriteIfChanged(ProvJsonFile!, ProvJsonWriter.Render(summary, input.ModelArtifacts));
        }

        Log.LogMessage(MessageImportance.Normal, written ? $"Provenance: wrote build record {OutputFile}." : $"Provenance: build record {OutputFile} is up to date.");
    }
}
