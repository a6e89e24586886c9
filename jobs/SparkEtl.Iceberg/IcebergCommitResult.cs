namespace SparkEtl.Iceberg;

/// <summary>What a commit did.</summary>
/// <param name="Committed">True when this call added the snapshot; false when the table already held it (a replay) or there was nothing to do.</param>
/// <param name="SnapshotId">The snapshot that holds the change (the earlier one on a replay), or null when there was nothing to commit.</param>
/// <param name="MetadataVersion">The table's metadata version after the call.</param>
/// <param name="Attempts">Tries at moving the pointer (1 without a race).</param>
public sealed record IcebergCommitResult(bool Committed, long? SnapshotId, int MetadataVersion, int Attempts);
