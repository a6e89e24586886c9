using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>One column of a SparkEtl table, in the one definition every engine and catalog reads.</summary>
/// <param name="Name">Lower-case snake-case name, as Glue and Athena store it.</param>
/// <param name="Type">The logical type; maps to Parquet and Hive/Athena types (and an engine's own).</param>
/// <param name="Nullable">False when every row has a value (Parquet REQUIRED).</param>
/// <param name="Comment">What the column holds; becomes the Glue column comment.</param>
public record TableColumn(string Name, ParquetColumnType Type, bool Nullable, string Comment)
{
    /// <summary>The Hive/Athena type name: <c>string</c>, <c>bigint</c>, <c>double</c>, <c>timestamp</c>.</summary>
    public string HiveType => Type switch
    {
        ParquetColumnType.String => "string",
        ParquetColumnType.Int64 => "bigint",
        ParquetColumnType.Double => "double",
        _ => "timestamp",
    };
}
