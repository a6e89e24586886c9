namespace SparkEtl.Iceberg.Catalog;

/// <summary>
/// Where one Iceberg table's current metadata pointer lives, and the atomic step that moves it (Iceberg spec,
/// "Commit Conflict Resolution and Retry"). Implementations: <see cref="FileSystemIcebergCatalog"/> (numbered
/// metadata files created only if absent, plus <c>version-hint.text</c>) and <see cref="GlueIcebergCatalog"/>
/// (the Glue table's <c>metadata_location</c>, updated with its <c>VersionId</c>).
/// </summary>
public interface IIcebergCatalog
{
    /// <summary>The current pointer, or null when the table does not exist yet.</summary>
    Task<IcebergCatalogPointer?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="metadataJson"/> as the table's metadata version <paramref name="version"/> and moves the
    /// pointer to it, but only if the pointer is still <paramref name="expected"/> (null: the table must not exist
    /// yet). Returns the new pointer, or null when another writer moved the pointer first: nothing was committed,
    /// and the caller reloads and retries on the new base. The metadata file may be left behind when the pointer
    /// did not move; no reader follows it, and orphan-file removal deletes it.
    /// </summary>
    Task<IcebergCatalogPointer?> TryCommitAsync(IcebergCatalogPointer? expected, int version, byte[] metadataJson, CancellationToken cancellationToken);
}
