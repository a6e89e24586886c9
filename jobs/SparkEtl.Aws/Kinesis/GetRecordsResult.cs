using SparkEtl.Core.Records;

namespace SparkEtl.Aws.Kinesis;

/// <summary>One page of a shard read by <c>GetRecords</c>.</summary>
public sealed class GetRecordsResult
{
    public GetRecordsResult(IReadOnlyList<KinesisRecord> records, string? nextShardIterator, long millisBehindLatest, IReadOnlyList<KinesisChildShard> childShards)
    {
        Records = records;
        NextShardIterator = nextShardIterator;
        MillisBehindLatest = millisBehindLatest;
        ChildShards = childShards;
    }

    /// <summary>The records in sequence-number order; may be empty even when more records follow.</summary>
    public IReadOnlyList<KinesisRecord> Records { get; }

    /// <summary>The iterator for the next call, or null when the shard is closed and fully read.</summary>
    public string? NextShardIterator { get; }

    /// <summary>How far the read is behind the tip of the stream, in milliseconds (0 when caught up).</summary>
    public long MillisBehindLatest { get; }

    /// <summary>The shards that continue this one; set when a closed shard has been drained.</summary>
    public IReadOnlyList<KinesisChildShard> ChildShards { get; }

    /// <summary>True when the shard is closed and nothing remains to read in it.</summary>
    public bool IsShardEnd => NextShardIterator is null;
}
