namespace SparkEtl.Iceberg.Metadata;

/// <summary>An entry of <c>metadata-log</c>: an earlier metadata file and when it was replaced.</summary>
public sealed record IcebergMetadataLogEntry(long TimestampMs, string MetadataFile);
