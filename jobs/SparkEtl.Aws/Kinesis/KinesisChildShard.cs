namespace SparkEtl.Aws.Kinesis;

/// <summary>A shard that continues a closed one, as <c>GetRecords</c> reports when the parent is drained.</summary>
public sealed class KinesisChildShard
{
    public required string ShardId { get; init; }

    public required IReadOnlyList<string> ParentShards { get; init; }

    public required HashKeyRange HashKeyRange { get; init; }
}
