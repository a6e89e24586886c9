using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Kinesis.Internal;

/// <summary>
/// Request and response bodies of the Kinesis API (botocore <c>kinesis/2013-12-02/service-2.json</c>), member names as
/// the model spells them. Only members SparkEtl sends or reads are declared; unknown response members are ignored.
/// </summary>
internal static class KinesisWire
{
    public sealed class StreamNameRequest
    {
        public string? StreamName { get; init; }
    }

    public sealed class CreateStreamRequest
    {
        public required string StreamName { get; init; }

        public int? ShardCount { get; init; }
    }

    public sealed class DeleteStreamRequest
    {
        public required string StreamName { get; init; }

        public bool? EnforceConsumerDeletion { get; init; }
    }

    public sealed class DescribeStreamSummaryResponse
    {
        public required KinesisStreamSummary StreamDescriptionSummary { get; init; }
    }

    public sealed class ListShardsRequest
    {
        public string? StreamName { get; init; }

        public string? NextToken { get; init; }

        public int? MaxResults { get; init; }
    }

    public sealed class ListShardsResponse
    {
        public List<KinesisShard>? Shards { get; init; }

        public string? NextToken { get; init; }
    }

    public sealed class GetShardIteratorRequest
    {
        public required string StreamName { get; init; }

        public required string ShardId { get; init; }

        public required string ShardIteratorType { get; init; }

        public string? StartingSequenceNumber { get; init; }

        /// <summary>Epoch seconds with a millisecond fraction.</summary>
        public decimal? Timestamp { get; init; }
    }

    public sealed class GetShardIteratorResponse
    {
        public string? ShardIterator { get; init; }
    }

    public sealed class GetRecordsRequest
    {
        public required string ShardIterator { get; init; }

        public int? Limit { get; init; }
    }

    public sealed class GetRecordsResponse
    {
        public List<WireRecord>? Records { get; init; }

        public string? NextShardIterator { get; init; }

        public long? MillisBehindLatest { get; init; }

        public List<KinesisChildShard>? ChildShards { get; init; }
    }

    public sealed class WireRecord
    {
        public required string SequenceNumber { get; init; }

        [JsonConverter(typeof(EpochSecondsDecimalConverter))]
        public decimal? ApproximateArrivalTimestamp { get; init; }

        /// <summary>The record's bytes; base64 on the wire, decoded by System.Text.Json.</summary>
        public required byte[] Data { get; init; }

        public required string PartitionKey { get; init; }
    }

    public sealed class PutRecordsRequest
    {
        public required string StreamName { get; init; }

        public required List<WirePutRecordsEntry> Records { get; init; }
    }

    public sealed class WirePutRecordsEntry
    {
        public required ReadOnlyMemory<byte> Data { get; init; }

        public string? ExplicitHashKey { get; init; }

        public required string PartitionKey { get; init; }
    }

    public sealed class PutRecordsResponse
    {
        public int? FailedRecordCount { get; init; }

        public List<PutRecordsResultEntry>? Records { get; init; }
    }

    public sealed class SplitShardRequest
    {
        public required string StreamName { get; init; }

        public required string ShardToSplit { get; init; }

        public required string NewStartingHashKey { get; init; }
    }

    public sealed class MergeShardsRequest
    {
        public required string StreamName { get; init; }

        public required string ShardToMerge { get; init; }

        public required string AdjacentShardToMerge { get; init; }
    }

    public sealed class UpdateShardCountRequest
    {
        public required string StreamName { get; init; }

        public required int TargetShardCount { get; init; }

        public required string ScalingType { get; init; }
    }
}
