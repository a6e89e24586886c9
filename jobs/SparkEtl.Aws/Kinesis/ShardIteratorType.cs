namespace SparkEtl.Aws.Kinesis;

/// <summary>Where a shard iterator starts (Kinesis <c>GetShardIterator</c>'s <c>ShardIteratorType</c>).</summary>
public enum ShardIteratorType
{
    /// <summary>At the oldest record still in the shard.</summary>
    TrimHorizon,

    /// <summary>Just after the newest record: only records put later are read.</summary>
    Latest,

    /// <summary>At the first record whose approximate arrival time is at or after a timestamp.</summary>
    AtTimestamp,

    /// <summary>At the record with a given sequence number.</summary>
    AtSequenceNumber,

    /// <summary>Just after the record with a given sequence number (resuming from a checkpoint).</summary>
    AfterSequenceNumber,
}
