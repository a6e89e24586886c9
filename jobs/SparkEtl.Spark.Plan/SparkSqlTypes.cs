using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark SQL side of the table definitions: each column's Spark type name, and a table's schema in Spark's JSON
/// form (<c>StructType.json</c>), derived from the one definition in SparkEtl.Core so they cannot drift apart.
/// </summary>
public static class SparkSqlTypes
{
    /// <summary>The Spark SQL type name of a column type in a schema's JSON form: <c>string</c>, <c>long</c>, <c>double</c>, <c>timestamp</c>.</summary>
    public static string Of(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => "string",
        ParquetColumnType.Int64 => "long",
        ParquetColumnType.Double => "double",
        _ => "timestamp",
    };

    /// <summary>The table's schema in Spark's JSON form, data columns only (the <c>dt</c> partition is not stored in the files).</summary>
    public static string SchemaJson(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var json = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            json.Append(i > 0 ? "," : "");
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"name\":\"{column.Name}\",\"type\":\"{Of(column.Type)}\",\"nullable\":{(column.Nullable ? "true" : "false")},\"metadata\":{{}}}}");
        }

        return json.Append("]}").ToString();
    }
}
