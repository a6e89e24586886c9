namespace SparkEtl.Aws.Kinesis;

/// <summary>The range of 128-bit hash keys (decimal strings) a shard owns, both ends inclusive.</summary>
public sealed class HashKeyRange
{
    public required string StartingHashKey { get; init; }

    public required string EndingHashKey { get; init; }
}
