using Provenance.Documents;
using Provenance.Gate;

namespace Provenance.Manifests;

/// <summary>Hashes and parses the manifest, and runs the rules that read the manifest alone.</summary>
public sealed class ReadManifest : IGateStage
{
    public void Run(GateRun run)
    {
        if (run.ManifestPath is null || run.ManifestBytes is null)
        {
            return;
        }

        run.ManifestHash = ManifestHash.Compute(run.ManifestBytes);
        var document = DocumentLoader.Parse(run.ManifestPath, run.ManifestBytes, run.Options.Limits, run.Diagnostics);
        run.Manifest = document is null ? null : ManifestReader.Read(document, run.Diagnostics);
        if (run.Manifest is not null)
        {
            ManifestRules.Check(run.Manifest, run.Diagnostics);
        }
    }
}
