using SparkEtl.Core.Tables;

namespace SparkEtl.Aws.Glue;

/// <summary>
/// The Glue shapes of SparkEtl's tables, made from the one table definition in the core: an external
/// Parquet table (ParquetHiveSerDe, MapredParquetInputFormat/OutputFormat) partitioned by <c>dt</c>,
/// readable by Athena, Spark on EMR (Glue as metastore) and Redshift Spectrum.
/// </summary>
public static class GlueTableInputs
{
    public const string SerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    public const string InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    public const string OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    /// <param name="location">The table's folder URI, ending in '/'.</param>
    /// <param name="projectionStartDay">The first day Athena projects, or null to register partitions instead.</param>
    public static TableInput Table(TableDefinition table, string location, string? projectionStartDay)
    {
        var parameters = table.TableProperties(location, projectionStartDay);
        parameters["EXTERNAL"] = "TRUE";
        parameters["parquet.compression"] = "SNAPPY";
        return new TableInput
        {
            Name = table.Name,
            Description = table.Description,
            TableType = "EXTERNAL_TABLE",
            Parameters = parameters,
            PartitionKeys = [new Column { Name = TableDefinition.PartitionColumn, Type = "string", Comment = "UTC day, YYYY-MM-DD." }],
            StorageDescriptor = Storage(table, location),
        };
    }

    /// <summary>One <c>dt</c> partition of a table whose folder is <paramref name="tableLocation"/>.</summary>
    public static PartitionInput Partition(TableDefinition table, string tableLocation, string partitionValue) => new()
    {
        Values = [partitionValue],
        StorageDescriptor = Storage(table, tableLocation + PartitionPath.Segment(TableDefinition.PartitionColumn, partitionValue) + "/"),
    };

    private static StorageDescriptor Storage(TableDefinition table, string location) => new()
    {
        Columns = [.. table.Columns.Select(c => new Column { Name = c.Name, Type = c.HiveType, Comment = c.Comment })],
        Location = location,
        InputFormat = InputFormat,
        OutputFormat = OutputFormat,
        Compressed = false,
        SerdeInfo = new SerDeInfo { SerializationLibrary = SerDe, Parameters = new Dictionary<string, string> { ["serialization.format"] = "1" } },
    };
}
