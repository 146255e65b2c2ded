namespace Provenance.Documents;

/// <summary>
/// Bounds on what the gate reads from one manifest or record, so hostile input fails fast in bounded memory.
/// The defaults fit a manifest with 100,000 file entries.
/// </summary>
public sealed class ReadLimits
{
    public static ReadLimits Default { get; } = new();

    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxDepth { get; set; } = 64;

    /// <summary>Counts every node, and every node an alias stands for, so an alias bomb is stopped early.</summary>
    public int MaxNodes { get; set; } = 2_000_000;

    public int MaxStringLength { get; set; } = 64 * 1024;
}
