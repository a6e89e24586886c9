namespace SparkEtl.Aws.Kinesis;

/// <summary>One shard as <c>ListShards</c> describes it.</summary>
public sealed class KinesisShard
{
    public required string ShardId { get; init; }

    /// <summary>The shard this one was split from, or the first of the two it was merged from.</summary>
    public string? ParentShardId { get; init; }

    /// <summary>The second parent when this shard came from a merge.</summary>
    public string? AdjacentParentShardId { get; init; }

    public required HashKeyRange HashKeyRange { get; init; }

    public required SequenceNumberRange SequenceNumberRange { get; init; }

    /// <summary>True once the shard was split or merged: it takes no new records and ends when drained.</summary>
    public bool IsClosed => SequenceNumberRange.EndingSequenceNumber is not null;
}
