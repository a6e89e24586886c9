namespace SparkEtl.Iceberg;

/// <summary>What a maintenance run did.</summary>
/// <param name="Committed">True when it committed a new metadata version (compaction, expiry).</param>
/// <param name="FilesRewritten">Data files replaced by compaction, or snapshots expired.</param>
/// <param name="FilesWritten">Data files compaction wrote.</param>
/// <param name="DeletedKeys">Store keys deleted (files no retained snapshot reaches, or orphans).</param>
public sealed record IcebergMaintenanceResult(bool Committed, int FilesRewritten, int FilesWritten, IReadOnlyList<string> DeletedKeys)
{
    /// <summary>The snapshot compaction committed (its summary counts the files, rows and bytes), or null.</summary>
    public long? SnapshotId { get; init; }
}
