using SparkEtl.Iceberg.Catalog;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>A table as loaded: the catalog's pointer and the metadata file it points to.</summary>
public sealed record IcebergTableState(IcebergCatalogPointer Pointer, IcebergTableMetadata Metadata);
