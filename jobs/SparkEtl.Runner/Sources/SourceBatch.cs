using System.Collections.Immutable;
using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources;

/// <summary>The records of one micro-batch, in source order, and where the source stands after them.</summary>
/// <param name="Records">The records; possibly none.</param>
/// <param name="DataBytes">The sum of the records' data lengths.</param>
/// <param name="End">The offset after the last record (equal to the start when there are none).</param>
/// <param name="EndOfInput">True when a bounded source has nothing after these records.</param>
/// <param name="Metrics">Source-specific numbers for the progress record, e.g. <c>millisBehindLatest.shardId-000000000001</c>; null when none.</param>
public sealed record SourceBatch(IReadOnlyList<KinesisRecord> Records, long DataBytes, SourceOffset End, bool EndOfInput, IReadOnlyDictionary<string, long>? Metrics = null)
{
    /// <summary>
    /// Values the source assigned to these records rather than read (a file source's arrival time, taken from the file's
    /// modification time). The checkpoint keeps them, and a replay of the range is given them back, so it assigns the same.
    /// </summary>
    public IReadOnlyDictionary<string, string> Assigned { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Shards read to their end by <see cref="End"/> (a drained parent shard); they stop holding the watermark back.</summary>
    public IReadOnlyCollection<string> EndedShards { get; init; } = [];

    /// <summary>
    /// The memory the records' data is in, when the source reuses it for later batches (a file source); null when the
    /// data is the records' own. Dispose it once nothing reads the records any more; until then the source leaves it alone.
    /// </summary>
    public IDisposable? Buffers { get; init; }
}
