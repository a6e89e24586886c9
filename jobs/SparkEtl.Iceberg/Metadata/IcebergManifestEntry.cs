namespace SparkEtl.Iceberg.Metadata;

/// <summary>
/// One entry of a manifest (Iceberg spec, "Manifest Entry Fields"). Sequence numbers and the snapshot id are null
/// for entries a commit adds, which inherit them from the manifest list; existing and deleted entries carry them.
/// </summary>
public sealed record IcebergManifestEntry(IcebergManifestEntryStatus Status, long? SnapshotId, long? SequenceNumber, long? FileSequenceNumber, IcebergDataFile DataFile);
