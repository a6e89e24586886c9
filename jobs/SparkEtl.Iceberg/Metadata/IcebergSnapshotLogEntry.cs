namespace SparkEtl.Iceberg.Metadata;

/// <summary>An entry of <c>snapshot-log</c>: the current snapshot became <paramref name="SnapshotId"/> at <paramref name="TimestampMs"/>.</summary>
public sealed record IcebergSnapshotLogEntry(long TimestampMs, long SnapshotId);
