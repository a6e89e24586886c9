namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// <c>commits/N</c>: written (as a conditional put) only after every data file of batch N is durable, the leftovers of
/// earlier attempts are deleted and the catalog knows the partitions. It carries the window state after N, so the state
/// and the commit become durable in one step.
/// </summary>
/// <param name="Files">The data files the batch wrote, by warehouse key.</param>
public sealed record BatchCommit(long BatchId, IReadOnlyList<CommittedFile> Files)
{
    /// <summary>The run that committed the batch.</summary>
    public string? RunId { get; init; }

    /// <summary>The window state after the batch; null for an engine that keeps its state elsewhere (Spark).</summary>
    public WindowStateSnapshot? State { get; init; }
}

/// <summary>One data file of a committed batch.</summary>
public sealed record CommittedFile(string Table, string Key, string Partition, long Rows, long Bytes);
