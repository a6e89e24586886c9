namespace SparkEtl.Core.Configuration;

/// <summary>Reading a Kinesis stream (<c>kinesis.*</c>).</summary>
/// <param name="StartingPosition">Where a new query starts in each shard (a restarted one resumes from its checkpoint).</param>
/// <param name="StartingTimestampMs">For <see cref="KinesisStartingPosition.AtTimestamp"/>: the epoch-ms time to start at.</param>
/// <param name="ConsumerType">GetRecords polling, or enhanced fan-out (SubscribeToShard; the Spark connector only).</param>
/// <param name="MaxRecordsPerRead">The GetRecords <c>Limit</c>, 1 to 10,000.</param>
public sealed record KinesisSettings(KinesisStartingPosition StartingPosition, long StartingTimestampMs, KinesisConsumerType ConsumerType, int MaxRecordsPerRead)
{
    /// <summary>The enhanced fan-out consumer name (<c>kinesis.consumerName</c>), or null for the derived default.</summary>
    public string? ConsumerName { get; init; }
}

/// <summary>Where a new query starts reading each shard.</summary>
public enum KinesisStartingPosition
{
    /// <summary><c>TRIM_HORIZON</c>: the oldest record still in the stream.</summary>
    TrimHorizon,

    /// <summary><c>LATEST</c>: only records put after the query starts.</summary>
    Latest,

    /// <summary><c>AT_TIMESTAMP:ISO-8601</c>: the first record at or after a time.</summary>
    AtTimestamp,
}

/// <summary>How records are read from Kinesis.</summary>
public enum KinesisConsumerType
{
    /// <summary><c>polling</c>: GetRecords, shared throughput (5 calls/s, 2 MB/s per shard).</summary>
    Polling,

    /// <summary><c>efo</c>: enhanced fan-out (SubscribeToShard), a dedicated 2 MB/s per shard per consumer.</summary>
    EnhancedFanOut,
}
