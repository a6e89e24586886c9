using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The bars as rows the driver hands to Spark for the Iceberg append (<see cref="IcebergSparkTable.RowSchemaJson"/>:
/// the bar table's columns in order, times as epoch-millisecond <c>long</c>s). A few rows per closed window.
/// </summary>
public static class OhlcBarRows
{
    /// <summary>The values of one bar in the columns' order of <paramref name="table"/>.</summary>
    /// <exception cref="ArgumentException">The table has a column no bar value is mapped to.</exception>
    public static object?[] Values(TableDefinition table, OhlcBar bar)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(bar);
        var values = new object?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = table.Columns[i].Name switch
            {
                "window_start" => bar.WindowStartMs,
                "window_end" => bar.WindowEndMs,
                "ticker_symbol" => bar.Symbol,
                "sector" => bar.Sector,
                "open" => bar.Open,
                "high" => bar.High,
                "low" => bar.Low,
                "close" => bar.Close,
                "trade_count" => bar.TradeCount,
                "avg_price" => bar.AveragePrice,
                var name => throw new ArgumentException($"Column {name} of {table.Name} has no bar value mapped to it.", nameof(table)),
            };
        }

        return values;
    }
}
