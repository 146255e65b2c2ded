using System.Linq;
using Provenance.Diagnostics;

namespace Provenance.Gate;

/// <summary>
/// In cached mode, replays the last passing result when the manifest, records, settings, tool and every file's identity
/// are unchanged (<see cref="GateState"/>); never when one of its warnings would now be an error.
/// </summary>
public sealed class ReplayPreviousRun : IGateStage
{
    public void Run(GateRun run)
    {
        // Attestations are checked every time: they expire, and the bytes they vouch for are not on this machine to stat.
        if (run.ManifestPath is null || run.ManifestBytes is null || run.Diagnostics.Items.Count > 0 || run.Options.Attestations.Count > 0)
        {
            return;
        }

        var replayed = GateState.TryReplay(run.Options, run.ManifestPath, run.ManifestBytes, run.QuarantinePaths);
        if (replayed is not null && !replayed.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning && run.Options.TreatWarningAsError?.Invoke(d.Id) == true))
        {
            run.Replayed = replayed;
        }
    }
}
