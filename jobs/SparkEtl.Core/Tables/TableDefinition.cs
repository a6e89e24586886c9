using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>
/// A table SparkEtl writes, defined once: its columns, its <c>dt</c> partition and where its files go.
/// From it come the Parquet schema, the Athena DDL, the Spark schema and (in SparkEtl.Aws) the Glue TableInput.
/// </summary>
public abstract class TableDefinition
{
    /// <summary>The partition column every table has: the UTC day, <c>YYYY-MM-DD</c>.</summary>
    public const string PartitionColumn = "dt";

    protected TableDefinition(string name, string description, IReadOnlyList<TableColumn> columns)
    {
        TableNames.Validate(name);
        Name = name;
        Description = description;
        Columns = columns;
        ParquetSchema = new ParquetSchema(name, [.. columns.Select(c => new ParquetColumn(c.Name, c.Type, c.Nullable))]);
    }

    /// <summary>The table name in the catalog and the warehouse folder below which its files live.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>The data columns, in file order (the partition column is not stored in the files).</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    public ParquetSchema ParquetSchema { get; }

    /// <summary>
    /// Athena DDL for the table at <paramref name="location"/> (a folder URI ending in '/'), partitioned by <c>dt</c>.
    /// </summary>
    public string AthenaDdl(string database, string location)
    {
        var ddl = new StringBuilder();
        ddl.Append(CultureInfo.InvariantCulture, $"CREATE EXTERNAL TABLE IF NOT EXISTS `{database}`.`{Name}` (\n");
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            ddl.Append(CultureInfo.InvariantCulture, $"  `{column.Name}` {column.HiveType} COMMENT '{Escape(column.Comment)}'");
            ddl.Append(i + 1 < Columns.Count ? ",\n" : "\n");
        }

        ddl.Append(CultureInfo.InvariantCulture, $")\nCOMMENT '{Escape(Description)}'\n");
        ddl.Append(CultureInfo.InvariantCulture, $"PARTITIONED BY (`{PartitionColumn}` string)\n");
        ddl.Append("STORED AS PARQUET\n");
        ddl.Append(CultureInfo.InvariantCulture, $"LOCATION '{Escape(location)}'\n");
        ddl.Append("TBLPROPERTIES ('classification'='parquet');\n");
        return ddl.ToString();
    }

    /// <summary>The table's schema in Spark's JSON form (<c>StructType.json</c>), data columns only.</summary>
    public string SparkSchemaJson()
    {
        var json = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append(CultureInfo.InvariantCulture,
                $"{{\"name\":\"{column.Name}\",\"type\":\"{column.SparkType}\",\"nullable\":{(column.Nullable ? "true" : "false")},\"metadata\":{{}}}}");
        }

        return json.Append("]}").ToString();
    }

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
