using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Kinesis;

/// <summary>A stream as <c>DescribeStreamSummary</c> describes it (the members SparkEtl uses).</summary>
public sealed class KinesisStreamSummary
{
    public required string StreamName { get; init; }

    public required string StreamARN { get; init; }

    /// <summary><c>CREATING</c>, <c>DELETING</c>, <c>ACTIVE</c> or <c>UPDATING</c>.</summary>
    public required string StreamStatus { get; init; }

    public int RetentionPeriodHours { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset StreamCreationTimestamp { get; init; }

    public int OpenShardCount { get; init; }

    /// <summary><c>NONE</c> or <c>KMS</c>; null when the service did not say.</summary>
    public string? EncryptionType { get; init; }

    /// <summary>True when the stream can be read and written (<c>ACTIVE</c>, or <c>UPDATING</c> during a reshard).</summary>
    public bool IsUsable => StreamStatus is "ACTIVE" or "UPDATING";
}
