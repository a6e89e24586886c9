using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.Spark.Plan.Internal;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The job's tables as Iceberg tables (<see cref="IcebergSparkTable"/>), in the order a batch appends them: <c>trades</c>,
/// the bars, <c>errors</c>. Hidden partitioning by day, as the embedded engine partitions them: <c>day(event_time)</c>
/// for trades, <c>day(window_start)</c> for the bars, <c>day(arrival_time)</c> for errors.
/// </summary>
public static class IcebergSparkTables
{
    /// <summary>The tables of a job configured with <paramref name="settings"/>.</summary>
    public static IReadOnlyList<IcebergSparkTable> For(EtlSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TableDefinition[] tables = [SparkEtlTables.Trades, SparkEtlTables.Ohlc(settings.Window.OhlcTableName), SparkEtlTables.Errors];
        return [.. tables.Select(t => new IcebergSparkTable(
            t, PartitionColumnOf(t), settings.Database, settings.Warehouse, settings.Parquet.Compression, SourceFilterOf(t)))];
    }

    /// <summary>The timestamp column a table is partitioned by the day of.</summary>
    /// <exception cref="ArgumentException">Not one of the job's tables.</exception>
    public static string PartitionColumnOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Name == SparkEtlTables.Trades.Name)
        {
            return "event_time";
        }

        if (table.Name == SparkEtlTables.Errors.Name)
        {
            return "arrival_time";
        }

        return table.Name.StartsWith("ohlc_", StringComparison.Ordinal)
            ? "window_start"
            : throw new ArgumentException($"{table.Name} is not one of the job's tables.", nameof(table));
    }

    // The decoded rows TableRows sends to a table; the bars come from the driver.
    private static string? SourceFilterOf(TableDefinition table) =>
        table.Name == SparkEtlTables.Trades.Name || table.Name == SparkEtlTables.Errors.Name
            ? $"{TableRows.Filter} AND {TableRows.TableExpression} = {SparkSqlText.Literal(table.Name)}"
            : null;
}
