namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// <c>offsets/N</c>: the input of batch N and everything a replay needs to come out the same, written (as a conditional
/// put, so a second writer is refused) before the batch runs. After a crash the batch runs again on exactly this.
/// </summary>
/// <param name="Start">The source offset the batch read after (null: the source's starting position).</param>
/// <param name="End">The source offset after the batch's last record.</param>
/// <param name="WatermarkMs">The watermark in force during the batch.</param>
/// <param name="EndOfInput">True when a bounded source ended with this batch (the watermark then goes to +infinity).</param>
public sealed record BatchOffsets(long BatchId, SortedDictionary<string, string>? Start, SortedDictionary<string, string> End, long WatermarkMs, bool EndOfInput)
{
    /// <summary>The run that planned the batch; a second writer's offsets name another run.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// The processing time the batch was planned at, epoch ms. Idle shards are judged by it, so a replay moves the
    /// watermark exactly as the first attempt did. 0 in checkpoints written before it was kept.
    /// </summary>
    public long BatchTimeMs { get; init; }

    /// <summary>Values the source assigned to the batch's records (a file source's arrival time), which a replay assigns again.</summary>
    public SortedDictionary<string, string>? Assigned { get; init; }

    /// <summary>Shards the source had read to their end by this batch (drained parent shards); they stop holding the watermark back.</summary>
    public IReadOnlyList<string>? EndedShards { get; init; }
}
