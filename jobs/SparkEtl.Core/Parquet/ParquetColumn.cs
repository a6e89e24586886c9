namespace SparkEtl.Core.Parquet;

/// <summary>One top-level column of a <see cref="ParquetSchema"/>.</summary>
/// <param name="Name">
/// The column name as readers show it; not empty, unique within its schema (ignoring case, as Athena and
/// DuckDB match names).
/// </param>
/// <param name="Type">The value type, which fixes the Parquet physical and logical type.</param>
/// <param name="Nullable">
/// True for an OPTIONAL column (nulls allowed, stored as definition levels); false for a REQUIRED column,
/// into which writing null is an error.
/// </param>
public sealed record ParquetColumn(string Name, ParquetColumnType Type, bool Nullable)
{
    /// <summary>
    /// The column's field id (SchemaElement.field_id), which Iceberg uses to match columns to its schema; null (the
    /// default) writes none, leaving the footer as it was before ids existed.
    /// </summary>
    public int? FieldId { get; init; }
}
