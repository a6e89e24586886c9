using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg.Internal;

/// <summary>
/// What one commit attempt puts on top of its base: manifests written for it (their sequence numbers are filled in at
/// commit), the base's manifests it keeps, the summary, and the files it adds and removes (for the summary counts).
/// </summary>
internal sealed record SnapshotChange(
    string Operation,
    IReadOnlyList<IcebergManifestFile> NewManifests,
    IReadOnlyList<IcebergManifestFile> KeptManifests,
    IReadOnlyList<IcebergDataFile> Added,
    IReadOnlyList<IcebergDataFile> Removed,
    IReadOnlyDictionary<string, string> ExtraSummary);
