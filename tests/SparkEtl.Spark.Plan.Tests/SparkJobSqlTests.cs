using SparkEtl.Core.Configuration;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkJobSqlTests
{
    [Fact]
    public void WindowExpression_IsSparksTumblingWindowOfTheWindowSize() =>
        Assert.Equal("window(timestamp_millis(event_time), '300000 milliseconds')", SparkJobSql.WindowExpression(new WindowSettings(300_000, 30_000)));

    [Fact]
    public void OrderKeyExpression_CarriesTheBatchId() =>
        Assert.Contains("CAST(17 AS BIGINT) AS batch_id", SparkJobSql.OrderKeyExpression(17), StringComparison.Ordinal);

    [Fact]
    public void ReadPartial_ReadsTheCollectedColumnsInOrder()
    {
        object?[] values =
        [
            60_000, "JIB", 3, "134.670000000000000000", 44.1, 45.5, 119_000L,
            44.1, 60_000L, "4960", 2L, 0L, -1,
            45.5, 119_000L, "4970", 2L, 9L, 3,
            "AUTOMOBILE", 100_000L, "4965", 2L, 4L, -1,
        ];

        var partial = SparkJobSql.ReadPartial(values);

        Assert.Equal(SparkJobSql.PartialColumns.Count, values.Length);
        Assert.Equal(new WindowPartial(60_000, "JIB", 3, 134.67m, 44.1, 45.5, 44.1, new SparkOrderKey(60_000, "4960", 2, 0, -1),
            45.5, new SparkOrderKey(119_000, "4970", 2, 9, 3), "AUTOMOBILE", new SparkOrderKey(100_000, "4965", 2, 4, -1), 119_000), partial);
    }

    [Fact]
    public void ReadPartial_NoSector_HasNoSectorKey()
    {
        object?[] values =
        [
            0L, "JIB", 1L, "1", 1.0, 1.0, 5L,
            1.0, 5L, "1", 0L, 0L, -1,
            1.0, 5L, "1", 0L, 0L, -1,
            null, null, null, null, null, null,
        ];

        var partial = SparkJobSql.ReadPartial(values);

        Assert.Null(partial.Sector);
        Assert.Null(partial.SectorKey);
    }

    [Fact]
    public void ArrivalMsExpression_CoalescesANullArrivalToTheFallback() =>
        Assert.Equal("coalesce(unix_millis(approximateArrivalTimestamp), CAST(1700000000123 AS BIGINT))", SparkJobSql.ArrivalMsExpression(1_700_000_000_123));

    [Fact]
    public void AggregatedTradesFilter_LeavesLateTradesOut() =>
        Assert.Equal("kind = 'trade' AND NOT late", SparkJobSql.AggregatedTradesFilter);
}
