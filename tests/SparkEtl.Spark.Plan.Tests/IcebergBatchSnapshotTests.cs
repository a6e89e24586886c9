namespace SparkEtl.Spark.Plan.Tests;

public class IcebergBatchSnapshotTests
{
    [Fact]
    public void Read_TakesTheSummaryCountsFromText() =>
        Assert.Equal(new IcebergBatchSnapshot(8_812_345_678_901L, 3, 1200, 45_678), IcebergBatchSnapshot.Read([8_812_345_678_901L, "3", "1200", "45678"]));

    [Fact]
    public void Read_AMissingCount_IsZero() =>
        Assert.Equal(new IcebergBatchSnapshot(5, 0, 0, 0), IcebergBatchSnapshot.Read([5, null, null, null]));

    [Fact]
    public void Read_AnotherShape_IsRefused() =>
        Assert.Throws<ArgumentException>(() => IcebergBatchSnapshot.Read([5L, "1"]));
}
