using System.Text.Json.Serialization;

namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>Source-generated JSON for the checkpoint's files, so nothing is read by reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(CheckpointMetadata))]
[JsonSerializable(typeof(BatchOffsets))]
[JsonSerializable(typeof(BatchCommit))]
[JsonSerializable(typeof(BatchIntent))]
[JsonSerializable(typeof(WindowStateSnapshot))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
