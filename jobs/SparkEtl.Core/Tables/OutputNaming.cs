using System.Globalization;
using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>
/// Where a batch's output goes, shared by both engines. Names derive only from (table, partition,
/// batch id, part), so a replayed batch writes the same keys and overwrites its own earlier attempt
/// instead of adding a duplicate that Athena would read.
/// </summary>
public static class OutputNaming
{
    /// <summary>The key prefix of a table's files: <c>trades/</c>.</summary>
    public static string TablePrefix(TableDefinition table) => table.Name + "/";

    /// <summary>The key prefix of one partition: <c>trades/dt=2023-11-14/</c>.</summary>
    public static string PartitionPrefix(TableDefinition table, string partitionValue) =>
        $"{table.Name}/{PartitionPath.Segment(TableDefinition.PartitionColumn, partitionValue)}/";

    /// <summary>
    /// The key of one data file: <c>trades/dt=2023-11-14/part-00000042-000.snappy.parquet</c>
    /// (batch id in 8 digits, part in at least 3; Spark's codec infixes).
    /// </summary>
    /// <param name="part">
    /// The file's number within its partition and batch: on the embedded engine the n-th run of at most
    /// <c>parquet.maxRowsPerFile</c> rows, on the Spark job the hash bucket an executor wrote. Either way the same input
    /// gives the same numbers, so a replay overwrites its own files.
    /// </param>
    public static string DataFileKey(TableDefinition table, string partitionValue, long batchId, int part, ParquetCompression compression)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        return string.Create(CultureInfo.InvariantCulture,
            $"{PartitionPrefix(table, partitionValue)}part-{batchId:D8}-{part:D3}{Extension(compression)}");
    }

    /// <summary>The file name ending for a codec, as Spark names them: <c>.snappy.parquet</c>, <c>.gz.parquet</c>, <c>.parquet</c>.</summary>
    public static string Extension(ParquetCompression compression) => compression switch
    {
        ParquetCompression.Snappy => ".snappy.parquet",
        ParquetCompression.Gzip => ".gz.parquet",
        _ => ".parquet",
    };
}
