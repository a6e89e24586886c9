using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Kinesis.Internal;

/// <summary>Source-generated JSON metadata for the Kinesis wire shapes: no reflection at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KinesisWire.StreamNameRequest))]
[JsonSerializable(typeof(KinesisWire.CreateStreamRequest))]
[JsonSerializable(typeof(KinesisWire.DeleteStreamRequest))]
[JsonSerializable(typeof(KinesisWire.DescribeStreamSummaryResponse))]
[JsonSerializable(typeof(KinesisWire.ListShardsRequest))]
[JsonSerializable(typeof(KinesisWire.ListShardsResponse))]
[JsonSerializable(typeof(KinesisWire.GetShardIteratorRequest))]
[JsonSerializable(typeof(KinesisWire.GetShardIteratorResponse))]
[JsonSerializable(typeof(KinesisWire.GetRecordsRequest))]
[JsonSerializable(typeof(KinesisWire.GetRecordsResponse))]
[JsonSerializable(typeof(KinesisWire.PutRecordsRequest))]
[JsonSerializable(typeof(KinesisWire.PutRecordsResponse))]
[JsonSerializable(typeof(KinesisWire.SplitShardRequest))]
[JsonSerializable(typeof(KinesisWire.MergeShardsRequest))]
[JsonSerializable(typeof(KinesisWire.UpdateShardCountRequest))]
[JsonSerializable(typeof(EmptyResult))]
internal sealed partial class KinesisJsonContext : JsonSerializerContext;
