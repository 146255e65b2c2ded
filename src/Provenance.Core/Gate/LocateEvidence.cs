using System.IO;
using System.Linq;
using Provenance.Diagnostics;
using Provenance.Documents;
using Provenance.Quarantine;

namespace Provenance.Gate;

/// <summary>Checks the use, finds and reads the manifest's bytes, and lists the quarantine records.</summary>
public sealed class LocateEvidence : IGateStage
{
    public void Run(GateRun run)
    {
        var options = run.Options;
        if (!Uses.IsToken(options.Use))
        {
            run.Diagnostics.Add(Rules.InvalidSetting, new SourceLocation(options.SettingsFile), $"ProvenanceUse '{options.Use}' is not a use token. Use a kebab-case token such as training, evaluation, benchmark-publication or incident-reproduction.");
        }

        run.ManifestPath = ManifestLocator.Find(options.ProjectDirectory, options.ManifestPath, run.Diagnostics, options.SettingsFile);
        run.ManifestBytes = run.ManifestPath is null ? null : DocumentLoader.Read(run.ManifestPath, options.Limits, run.Diagnostics);
        if (run.ManifestPath is not null && run.ManifestBytes is not null)
        {
            run.QuarantinePaths = options.QuarantineRecordPaths?.Select(p => Path.GetFullPath(Path.Combine(options.ProjectDirectory, p))).ToList()
                ?? QuarantineRecordDiscovery.Find(Path.GetDirectoryName(run.ManifestPath)!, run.Diagnostics);
        }
    }
}
