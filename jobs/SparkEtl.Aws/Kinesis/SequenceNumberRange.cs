namespace SparkEtl.Aws.Kinesis;

/// <summary>The sequence numbers a shard holds; <see cref="EndingSequenceNumber"/> is set once the shard is closed.</summary>
public sealed class SequenceNumberRange
{
    public required string StartingSequenceNumber { get; init; }

    /// <summary>Null while the shard is open; the last sequence number it can hold once it is closed (split or merged).</summary>
    public string? EndingSequenceNumber { get; init; }
}
