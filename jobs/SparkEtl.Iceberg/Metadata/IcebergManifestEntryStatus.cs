namespace SparkEtl.Iceberg.Metadata;

/// <summary>A manifest entry's status: how the file stands in the snapshot that wrote the manifest.</summary>
public enum IcebergManifestEntryStatus
{
    /// <summary>In the table since an earlier snapshot.</summary>
    Existing = 0,

    /// <summary>Added by the snapshot that wrote the manifest.</summary>
    Added = 1,

    /// <summary>Removed by the snapshot that wrote the manifest; informational, never scanned.</summary>
    Deleted = 2,
}
