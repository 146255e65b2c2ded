using Provenance.Diagnostics;

namespace Provenance.Documents;

/// <summary>Tracks depth, node count and string length against <see cref="ReadLimits"/> while a reader builds a tree.</summary>
internal sealed class NodeBudget
{
    private readonly ReadLimits limits;
    private readonly string file;
    private long nodes;

    public NodeBudget(ReadLimits limits, string file)
    {
        this.limits = limits;
        this.file = file;
    }

    public void CountNodes(long count, SourceLocation at)
    {
        nodes += count;
        if (nodes > limits.MaxNodes)
        {
            throw new DocumentReadException(Rules.LimitExceeded, at, $"the document has more than {limits.MaxNodes:N0} nodes (aliases count as the nodes they stand for). Raise ProvenanceMaxNodes if the document is genuine.");
        }
    }

    public void CheckDepth(int depth, SourceLocation at)
    {
        if (depth > limits.MaxDepth)
        {
            throw new DocumentReadException(Rules.LimitExceeded, at, $"the document nests deeper than {limits.MaxDepth} levels. Raise ProvenanceMaxDepth if the document is genuine.");
        }
    }

    public void CheckString(string value, SourceLocation at)
    {
        if (value.Length > limits.MaxStringLength)
        {
            throw new DocumentReadException(Rules.LimitExceeded, at, $"a value is {value.Length:N0} characters long; the limit is {limits.MaxStringLength:N0}. Raise ProvenanceMaxStringLength if the document is genuine.");
        }
    }

    public SourceLocation At(int line, int column) => new(file, line, column);
}
