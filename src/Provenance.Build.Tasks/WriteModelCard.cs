using System.IO;
using Microsoft.Build.Framework;
using Provenance.Diagnostics;
using Provenance.Stamping;

namespace Provenance.Build.Tasks;

/// <summary>Writes the model card (or the project's own card with the provenance region replaced), only when it changes.</summary>
public sealed class WriteModelCard : StampTask
{
    [Required]
    public string OutputFile { get; set; } = string.Empty;

    /// <summary>The build record written beside this card, whose project must be this one.</summary>
    public string? BuildRecordFile { get; set; }

    /// <summary>The project's own card; when empty, MODEL_CARD.md or README.md beside the manifest if it holds the markers.</summary>
    public string? Template { get; set; }

    /// <summary>The model artifacts with the digests this task computed, so the build record does not read them again.</summary>
    [Output]
    public ITaskItem[] HashedModelArtifacts { get; private set; } = new ITaskItem[0];

    protected override void ExecuteCore()
    {
        var summary = ReadSummary();
        if (summary is null || (!string.IsNullOrEmpty(BuildRecordFile) && IsAnotherProjectsRecord(BuildRecordFile!, out _)))
        {
            return;
        }

        var artifacts = HashAll(ModelArtifacts, "model artifact");
        if (Log.HasLoggedErrors)
        {
            return;
        }

        HashedModelArtifacts = ToItems(artifacts);

        var template = ResolveTemplate(summary);
        string card;
        if (template is null)
        {
            card = ModelCardWriter.Render(summary, artifacts);
        }
        else
        {
            var diagnostics = new DiagnosticBag();
            card = ModelCardWriter.RenderIntoTemplate(File.ReadAllText(template), template, summary, artifacts, diagnostics);
            foreach (var diagnostic in diagnostics.Items)
            {
                LogDiagnostic(diagnostic);
            }

            if (diagnostics.HasErrors)
            {
                return;
            }
        }

        var written = AtomicFile.WriteIfChanged(OutputFile, card);
        Log.LogMessage(MessageImportance.Normal, written ? $"Provenance: wrote model card {OutputFile}." : $"Provenance: model card {OutputFile} is up to date.");
    }

    private string? ResolveTemplate(GateSummary summary)
    {
        if (!string.IsNullOrWhiteSpace(Template))
        {
            var explicitTemplate = Path.GetFullPath(Path.Combine(ProjectDirectory, Template!));
            if (File.Exists(explicitTemplate))
            {
                return explicitTemplate;
            }

            LogDiagnostic(new Diagnostic(Rules.StampInputMissing, new SourceLocation(explicitTemplate), $"ProvenanceModelCardTemplate names '{Template}', which does not exist. Fix the path, or remove the property to generate the card."));
            return null;
        }

        var directory = Path.GetDirectoryName(summary.ManifestPath ?? Path.Combine(ProjectDirectory, "x")) ?? ProjectDirectory;
        foreach (var name in new[] { "MODEL_CARD.md", "README.md" })
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && ModelCardWriter.HasMarkers(File.ReadAllText(candidate)))
            {
                return candidate;
            }
        }

        return null;
    }
}
