using System.Globalization;
using System.Text;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>Athena's DDL for an Iceberg table of this layout (Athena, "Creating Iceberg tables").</summary>
public static class IcebergAthenaDdl
{
    /// <summary>
    /// <c>CREATE TABLE ... PARTITIONED BY (day(col)) LOCATION '...' TBLPROPERTIES ('table_type'='ICEBERG', ...)</c>.
    /// Athena creates the table's first metadata itself; its DDL can only declare <c>timestamp</c> (Iceberg's
    /// <c>timestamp</c> without zone), and SparkEtl's writer follows whichever timestamp type a table has.
    /// </summary>
    public static string Create(IcebergTableLayout layout, string database)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(database);
        var ddl = new StringBuilder();
        ddl.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS `{database}`.`{layout.TableName}` (\n");
        var fields = layout.Schema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            ddl.Append(CultureInfo.InvariantCulture, $"  `{field.Name}` {GlueIcebergCatalog.AthenaType(field.Type)}");
            if (field.Doc is not null)
            {
                ddl.Append(CultureInfo.InvariantCulture, $" COMMENT '{Escape(field.Doc)}'");
            }

            ddl.Append(i + 1 < fields.Count ? ",\n" : "\n");
        }

        ddl.Append(CultureInfo.InvariantCulture, $")\nCOMMENT '{Escape(layout.Description)}'\n");
        var partitions = layout.Spec.Fields.Select(f =>
        {
            var source = layout.Schema.FindField(f.SourceId)?.Name ?? throw new InvalidOperationException($"Partition field {f.Name} has no source column.");
            return f.Transform == "identity" ? $"`{source}`" : $"{f.Transform}(`{source}`)";
        });
        ddl.Append(CultureInfo.InvariantCulture, $"PARTITIONED BY ({string.Join(", ", partitions)})\n");
        ddl.Append(CultureInfo.InvariantCulture, $"LOCATION '{Escape(layout.Location)}/'\n");
        ddl.Append("TBLPROPERTIES (\n  'table_type'='ICEBERG',\n  'format'='parquet',\n  'write_compression'='snappy'\n);\n");
        return ddl.ToString();
    }

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
