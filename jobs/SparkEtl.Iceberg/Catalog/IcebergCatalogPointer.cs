namespace SparkEtl.Iceberg.Catalog;

/// <summary>Where a table's current metadata is, as its catalog says.</summary>
/// <param name="MetadataKey">The metadata file's key in the table's object store, e.g. <c>trades/metadata/v3.metadata.json</c>.</param>
/// <param name="Version">The metadata version: N of <c>vN.metadata.json</c>, or the leading number of <c>NNNNN-uuid.metadata.json</c>.</param>
/// <param name="CatalogVersion">The catalog's own version of the pointer (Glue's table <c>VersionId</c>), or null.</param>
public sealed record IcebergCatalogPointer(string MetadataKey, int Version, string? CatalogVersion = null);
