using SparkEtl.Runner.Sources.Kinesis;

namespace SparkEtl.Runner.Tests.Kinesis;

public sealed class ShardIdComparerTests
{
    [Fact]
    public void Sort_OrdersByTheShardNumber_SoParentsComeBeforeChildren()
    {
        string[] ids = ["shardId-000000000010", "shardId-000000000002", "shardId-9", "shardId-000000000000", "other-1", "shardId-10"];

        var sorted = ids.Order(ShardIdComparer.Instance).ToArray();

        Assert.Equal(["other-1", "shardId-000000000000", "shardId-000000000002", "shardId-9", "shardId-000000000010", "shardId-10"], sorted);
    }

    [Fact]
    public void Compare_IsATotalOrder_EqualOnlyForEqualIds()
    {
        Assert.Equal(0, ShardIdComparer.Instance.Compare("shardId-000000000003", "shardId-000000000003"));
        Assert.NotEqual(0, ShardIdComparer.Instance.Compare("shardId-3", "shardId-000000000003"));
        Assert.True(ShardIdComparer.Instance.Compare(null, "a") < 0);
    }
}
