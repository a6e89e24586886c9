namespace SparkEtl.Warehouse.Catalog;

/// <summary>The URIs catalogs record for a warehouse's tables.</summary>
public static class TableLocations
{
    /// <summary>The warehouse as a folder URI ending in '/': <c>s3://bucket/prefix/</c> or <c>file:///data/warehouse/</c>.</summary>
    public static string WarehouseUri(string warehouse) =>
        warehouse.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            ? warehouse.TrimEnd('/') + "/"
            : new Uri(Path.GetFullPath(warehouse).TrimEnd('/') + "/").AbsoluteUri;

    /// <summary>A table's folder URI, ending in '/'.</summary>
    public static string Table(string warehouse, string tableName) => WarehouseUri(warehouse) + tableName + "/";
}
