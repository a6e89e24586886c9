using SparkEtl.Core.Configuration;

namespace SparkEtl.Runner.Sources;

/// <summary>
/// Where the embedded engine reads records from. Each call hands out the next micro-batch, at most
/// <see cref="BatchSettings.MaxRecordsPerShard"/> records and <see cref="BatchSettings.MaxBytesPerShard"/>
/// data bytes from any one shard, in the order the shards delivered them.
/// </summary>
public interface IRecordSource : IAsyncDisposable
{
    /// <summary>What the source reads, for progress and messages: <c>file:/data/capture.jsonl</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Reads the next batch. An empty batch means nothing is available now; <see cref="SourceBatch.EndOfInput"/>
    /// says a bounded source has nothing more at all.
    /// </summary>
    ValueTask<SourceBatch> ReadBatchAsync(BatchSettings limits, CancellationToken cancellationToken);
}
