namespace SparkEtl.Iceberg.Metadata;

/// <summary>One entry of a manifest list (Iceberg spec, "Manifest Lists"): a manifest and its summary.</summary>
public sealed record IcebergManifestFile(
    string ManifestPath,
    long ManifestLength,
    int PartitionSpecId,
    long SequenceNumber,
    long MinSequenceNumber,
    long AddedSnapshotId,
    int AddedFilesCount,
    int ExistingFilesCount,
    int DeletedFilesCount,
    long AddedRowsCount,
    long ExistingRowsCount,
    long DeletedRowsCount,
    IReadOnlyList<IcebergPartitionFieldSummary> Partitions)
{
    /// <summary>0 for a data manifest (the only kind SparkEtl writes), 1 for deletes.</summary>
    public int Content { get; init; }
}
