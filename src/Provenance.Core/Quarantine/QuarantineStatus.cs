namespace Provenance.Quarantine;

public enum QuarantineStatus
{
    Active,
    Lifted,
}
