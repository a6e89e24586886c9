using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkOrderKeyTests
{
    [Theory]
    [InlineData(1, "9", 0, 0, 0, 2, "1", 0, 0, 0)]
    [InlineData(1, "9", 0, 0, 0, 1, "10", 0, 0, 0)]
    [InlineData(1, "19", 0, 0, 0, 1, "20", 0, 0, 0)]
    [InlineData(1, "20", 5, 0, 0, 1, "20", 6, 0, 0)]
    [InlineData(1, "20", 5, 7, 0, 1, "20", 5, 8, 0)]
    [InlineData(1, "20", 5, 7, -1, 1, "20", 5, 7, 0)]
    public void CompareTo_OrdersFieldByFieldWithSequenceNumbersByValue(long t1, string s1, long b1, long r1, int e1, long t2, string s2, long b2, long r2, int e2)
    {
        var first = new SparkOrderKey(t1, s1, b1, r1, e1);
        var second = new SparkOrderKey(t2, s2, b2, r2, e2);

        Assert.True(first < second);
        Assert.True(second > first);
        Assert.Equal(0, first.CompareTo(first));
    }
}
