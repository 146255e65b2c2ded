namespace Provenance.Gate;

/// <summary>One named step of <see cref="ProvenanceGate.Run"/>; it skips itself when what it needs is not there.</summary>
public interface IGateStage
{
    void Run(GateRun run);
}
