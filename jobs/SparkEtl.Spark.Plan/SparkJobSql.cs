using System.Globalization;
using SparkEtl.Core.Configuration;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark SQL expressions of the Spark job, built here so they are written once and tested: the read order,
/// the arrival time, the order key, the tumbling window and the per-batch window partials. They run over the decoded rows (<see cref="DecodedRecordSchema"/>, plus <see cref="ReadOrderColumn"/>), where times
/// are epoch-millisecond <c>long</c>s.
/// </summary>
public static class SparkJobSql
{
    /// <summary>The column holding each connector row's read order within the batch, taken before decoding.</summary>
    public const string ReadOrderColumn = "read_order";

    /// <summary>The expression of <see cref="ReadOrderColumn"/>: increasing within a Spark partition (one shard of the batch), in read order.</summary>
    public const string ReadOrderExpression = "monotonically_increasing_id()";

    /// <summary>
    /// The connector's arrival time as epoch milliseconds (its column is a nullable Spark timestamp), a null coalesced to
    /// <paramref name="fallbackMs"/>: <see cref="SparkWindowState.ArrivalFallbackMs"/>, the same on every replay of the batch.
    /// </summary>
    public static string ArrivalMsExpression(long fallbackMs) =>
        string.Create(CultureInfo.InvariantCulture, $"coalesce(unix_millis(approximateArrivalTimestamp), CAST({fallbackMs} AS BIGINT))");

    /// <summary>The decoded rows the window partials aggregate: trades that were not behind the watermark.</summary>
    public static string AggregatedTradesFilter { get; } = $"kind = '{DecodedRecordSchema.TradeKind}' AND NOT late";

    /// <summary>The column holding the tumbling window struct (<c>start</c>, <c>end</c>) of a trade.</summary>
    public const string WindowColumn = "window";

    /// <summary>The column holding a trade's <see cref="SparkOrderKey"/> struct.</summary>
    public const string OrderKeyColumn = "order_key";

    /// <summary>Spark's tumbling <c>window</c> over the event time, e.g. <c>window(timestamp_millis(event_time), '60000 milliseconds')</c>.</summary>
    public static string WindowExpression(WindowSettings window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return string.Create(CultureInfo.InvariantCulture, $"window(timestamp_millis(event_time), '{window.SizeMs} milliseconds')");
    }

    /// <summary>The order key struct of a trade read in batch <paramref name="batchId"/>; compares as <see cref="SparkOrderKey"/>.</summary>
    public static string OrderKeyExpression(long batchId) => string.Create(CultureInfo.InvariantCulture,
        $"struct(event_time AS event_time, length(sequence_number) AS seq_len, sequence_number AS seq, CAST({batchId} AS BIGINT) AS batch_id, {ReadOrderColumn} AS read_order, coalesce(event_index, -1) AS event_index)");

    /// <summary>The grouping of the window partials: window start (epoch ms) and ticker.</summary>
    public static IReadOnlyList<string> PartialGrouping { get; } =
        [$"unix_millis({WindowColumn}.start) AS window_start", "ticker_symbol"];

    /// <summary>
    /// The aggregates of a window partial over the batch's trades. Opens, closes and sectors are picked as the
    /// smallest or largest <c>struct(order_key, value)</c>: order keys are unique, and <c>max</c> skips the nulls of
    /// trades without a sector. Prices are summed exactly as <c>decimal(38,18)</c> and carried as text.
    /// </summary>
    public static IReadOnlyList<string> PartialAggregates { get; } =
    [
        "count(1) AS trade_count",
        "CAST(sum(CAST(price AS DECIMAL(38,18))) AS STRING) AS price_sum",
        "min(price) AS low",
        "max(price) AS high",
        $"min(struct({OrderKeyColumn}, price)) AS open_pick",
        $"max(struct({OrderKeyColumn}, price)) AS close_pick",
        $"max(IF(sector IS NULL, NULL, struct({OrderKeyColumn}, sector))) AS sector_pick",
        "max(event_time) AS max_event_time",
    ];

    /// <summary>The flat columns a partial is collected as, in the order <see cref="ReadPartial"/> reads them.</summary>
    public static IReadOnlyList<string> PartialColumns { get; } =
    [
        "window_start", "ticker_symbol", "trade_count", "price_sum", "low", "high", "max_event_time",
        "open_pick.price AS open", .. KeyColumns("open_pick"),
        "close_pick.price AS close", .. KeyColumns("close_pick"),
        "sector_pick.sector AS sector", .. KeyColumns("sector_pick"),
    ];

    /// <summary>Reads a partial from the values of a row of <see cref="PartialColumns"/> (whole numbers may come back narrower).</summary>
    public static WindowPartial ReadPartial(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != PartialColumns.Count)
        {
            throw new ArgumentException($"A partial row has {PartialColumns.Count} values, got {values.Count}.", nameof(values));
        }

        var sectorKey = values[20] is null ? (SparkOrderKey?)null : Key(values, 20);
        return new WindowPartial(
            Long(values[0]),
            (string)values[1]!,
            Long(values[2]),
            decimal.Parse((string)values[3]!, NumberStyles.Float, CultureInfo.InvariantCulture),
            Double(values[4]),
            Double(values[5]),
            Double(values[7]),
            Key(values, 8),
            Double(values[13]),
            Key(values, 14),
            sectorKey is null ? null : (string?)values[19],
            sectorKey,
            Long(values[6]));
    }

    private static IEnumerable<string> KeyColumns(string pick) =>
    [
        $"{pick}.{OrderKeyColumn}.event_time AS {pick}_event_time",
        $"{pick}.{OrderKeyColumn}.seq AS {pick}_seq",
        $"{pick}.{OrderKeyColumn}.batch_id AS {pick}_batch_id",
        $"{pick}.{OrderKeyColumn}.read_order AS {pick}_read_order",
        $"{pick}.{OrderKeyColumn}.event_index AS {pick}_event_index",
    ];

    private static SparkOrderKey Key(IReadOnlyList<object?> values, int first) => new(
        Long(values[first]),
        (string)values[first + 1]!,
        Long(values[first + 2]),
        Long(values[first + 3]),
        Convert.ToInt32(values[first + 4], CultureInfo.InvariantCulture));

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double Double(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
