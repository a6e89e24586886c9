namespace SparkEtl.Status.Internal;

/// <summary>What the server knows at one moment: the kept batches (oldest first) and the totals of all batches fed.</summary>
internal sealed record StatusSnapshot(IReadOnlyList<BatchPoint> Batches, StatusTotals Totals, DateTimeOffset? LastReceived)
{
    public static readonly StatusSnapshot Empty = new([], StatusTotals.None, null);

    /// <summary>The newest batch fed, or null before the first.</summary>
    public BatchPoint? Last => Batches.Count == 0 ? null : Batches[^1];
}
