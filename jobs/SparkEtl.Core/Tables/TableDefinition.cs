using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>
/// A table SparkEtl writes, defined once: its columns, its <c>dt</c> partition and where its files go.
/// From it come the Parquet schema, the Athena DDL and (in SparkEtl.Aws) the Glue TableInput; an engine derives its own schema from the columns.
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
    /// The table properties the catalog holds (Glue <c>Parameters</c>, Athena <c>TBLPROPERTIES</c>):
    /// <c>classification=parquet</c>, and with <paramref name="projectionStartDay"/> Athena partition projection
    /// on <c>dt</c> (a date, one day apart, from that day to NOW) with its storage location template, so
    /// Athena finds every partition without registration.
    /// </summary>
    /// <param name="location">The table's folder URI, ending in '/'.</param>
    /// <param name="projectionStartDay">The first projected day (<c>YYYY-MM-DD</c>), or null for no projection.</param>
    public SortedDictionary<string, string> TableProperties(string location, string? projectionStartDay)
    {
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["classification"] = "parquet" };
        if (projectionStartDay is not null)
        {
            // Athena partition projection, "Supported types": a date column with format, range, interval and unit.
            properties["projection.enabled"] = "true";
            properties[$"projection.{PartitionColumn}.type"] = "date";
            properties[$"projection.{PartitionColumn}.format"] = "yyyy-MM-dd";
            properties[$"projection.{PartitionColumn}.range"] = $"{projectionStartDay},NOW";
            properties[$"projection.{PartitionColumn}.interval"] = "1";
            properties[$"projection.{PartitionColumn}.interval.unit"] = "DAYS";
            properties["storage.location.template"] = location + PartitionColumn + "=${" + PartitionColumn + "}/";
        }

        return properties;
    }

    /// <summary>
    /// Athena DDL for the table at <paramref name="location"/> (a folder URI ending in '/'), partitioned by <c>dt</c>,
    /// with partition projection when <paramref name="projectionStartDay"/> is given.
    /// </summary>
    public string AthenaDdl(string database, string location, string? projectionStartDay = null)
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
        ddl.Append("TBLPROPERTIES (\n");
        ddl.Append(string.Join(",\n", TableProperties(location, projectionStartDay).Select(p => $"  '{Escape(p.Key)}'='{Escape(p.Value)}'")));
        ddl.Append("\n);\n");
        return ddl.ToString();
    }

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
