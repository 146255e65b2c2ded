using Provenance.Gate;

namespace Provenance.Drift;

/// <summary>With a baseline, the semantic diff to it and the process-drift rules (PROV6xx).</summary>
public sealed class CompareWithBaseline : IGateStage
{
    public void Run(GateRun run)
    {
        var options = run.Options;
        if (run.Manifest is null || string.IsNullOrWhiteSpace(options.Baseline))
        {
            return;
        }

        var baseline = BaselineLoader.Load(options.Baseline!, options.ProjectDirectory, run.Manifest.Path, options.Limits, run.Diagnostics);
        if (baseline is not null)
        {
            run.Changes = ManifestDiff.Compare(baseline, run.Manifest);
            DriftRules.Check(run.Changes, options.Baseline!, run.Manifest, options.ReleaseBuild && options.Mode == GateMode.Enforce, run.Diagnostics);
        }
    }
}
