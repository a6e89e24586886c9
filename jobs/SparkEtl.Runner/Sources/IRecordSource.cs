using SparkEtl.Core.Configuration;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Where the embedded engine reads records from, addressed by <see cref="SourceOffset"/> so a batch
/// can be read again exactly as it was planned. The engine writes a batch's start and end offsets
/// to the checkpoint before processing it; after a crash it reads the same range again with
/// <see cref="ReadRangeAsync"/>.
/// </summary>
public interface IRecordSource : IAsyncDisposable
{
    /// <summary>What the source reads, for progress and messages: <c>file:/data/capture.jsonl</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Reads the next batch after <paramref name="after"/> (null: from the source's starting position):
    /// at most <see cref="BatchSettings.MaxRecordsPerShard"/> records and <see cref="BatchSettings.MaxBytesPerShard"/>
    /// data bytes (<see cref="SparkEtl.Core.Records.KinesisRecord.DecodedLength"/>: gzip data counts inflated) from any one shard, in the order the shards delivered them. An empty batch means
    /// nothing is available now; <see cref="SourceBatch.EndOfInput"/> says a bounded source has nothing more.
    /// </summary>
    ValueTask<SourceBatch> ReadBatchAsync(SourceOffset? after, BatchSettings limits, CancellationToken cancellationToken);

    /// <summary>
    /// Reads exactly the records after <paramref name="after"/> up to <paramref name="through"/>: a batch
    /// planned before, read again, assigning the values the first read assigned (<see cref="SourceBatch.Assigned"/>;
    /// null when the checkpoint kept none). Fails if the source can no longer give that range.
    /// </summary>
    ValueTask<SourceBatch> ReadRangeAsync(SourceOffset? after, SourceOffset through, IReadOnlyDictionary<string, string>? assigned, CancellationToken cancellationToken);
}
