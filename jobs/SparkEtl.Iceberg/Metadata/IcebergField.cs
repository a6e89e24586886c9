namespace SparkEtl.Iceberg.Metadata;

/// <summary>A top-level field of an Iceberg schema.</summary>
/// <param name="Id">The field id, unique in the table, which data files carry as their Parquet field id.</param>
/// <param name="Name">The column name.</param>
/// <param name="Required">False when the column may hold nulls.</param>
/// <param name="Type">The value type.</param>
/// <param name="Doc">The column comment, or null.</param>
public sealed record IcebergField(int Id, string Name, bool Required, IcebergType Type, string? Doc = null);
