using System.Text.Json.Serialization;
using SparkEtl.Aws.Internal;

namespace SparkEtl.Aws.Glue.Internal;

/// <summary>Source-generated JSON metadata for the Glue wire shapes: no reflection at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GlueWire.GetDatabaseRequest))]
[JsonSerializable(typeof(GlueWire.GetDatabaseResponse))]
[JsonSerializable(typeof(GlueWire.CreateDatabaseRequest))]
[JsonSerializable(typeof(GlueWire.GetTableRequest))]
[JsonSerializable(typeof(GlueWire.GetTableResponse))]
[JsonSerializable(typeof(GlueWire.CreateTableRequest))]
[JsonSerializable(typeof(GlueWire.UpdateTableRequest))]
[JsonSerializable(typeof(GlueWire.DeleteTableRequest))]
[JsonSerializable(typeof(GlueWire.GetPartitionRequest))]
[JsonSerializable(typeof(GlueWire.GetPartitionResponse))]
[JsonSerializable(typeof(GlueWire.CreatePartitionRequest))]
[JsonSerializable(typeof(GlueWire.BatchCreatePartitionRequest))]
[JsonSerializable(typeof(GlueWire.BatchCreatePartitionResponse))]
[JsonSerializable(typeof(GlueWire.GetPartitionsRequest))]
[JsonSerializable(typeof(GlueWire.GetPartitionsResponse))]
[JsonSerializable(typeof(EmptyResult))]
internal sealed partial class GlueJsonContext : JsonSerializerContext;
