namespace SparkEtl.Spark.Plan.Tests;

public class FileBucketsTests
{
    [Fact]
    public void Plan_EveryDayFitsOneFile_IsBucketZero()
    {
        var buckets = FileBuckets.Plan([("trades", 19_675, 10), ("errors", 19_675, 1)], maxRowsPerFile: 10);

        Assert.Equal("0", buckets.Expression);
        Assert.Equal(1, buckets.CountOf("trades", 19_675));
    }

    [Fact]
    public void Plan_ADayOverTheLimit_GetsCeilingOfRowsOverLimitBuckets_ByAHashOfThePosition()
    {
        var buckets = FileBuckets.Plan([("trades", 19_675, 21), ("trades", 19_676, 5), ("errors", 19_675, 30)], maxRowsPerFile: 10);

        Assert.Equal((3, 1, 3), (buckets.CountOf("trades", 19_675), buckets.CountOf("trades", 19_676), buckets.CountOf("errors", 19_675)));
        Assert.Equal(
            "CAST(pmod(xxhash64(sequence_number, read_order, coalesce(event_index, -1)), "
            + "CASE WHEN table = 'errors' AND day = 19675 THEN 3 WHEN table = 'trades' AND day = 19675 THEN 3 ELSE 1 END) AS INT)",
            buckets.Expression);
    }

    [Fact]
    public void Keys_NameEveryBucketOfEveryTableAndDay()
    {
        var buckets = FileBuckets.Plan([("trades", 19_675, 11), ("errors", 19_676, 1)], maxRowsPerFile: 10);

        Assert.Equal(
            [
                "errors/dt=2023-11-15/part-00000009-000.gz.parquet",
                "trades/dt=2023-11-14/part-00000009-000.gz.parquet",
                "trades/dt=2023-11-14/part-00000009-001.gz.parquet",
            ],
            buckets.Keys(9, Core.Parquet.ParquetCompression.Gzip));
    }
}
