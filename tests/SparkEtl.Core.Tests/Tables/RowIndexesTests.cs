using SparkEtl.Core.Tables;

namespace SparkEtl.Core.Tests.Tables;

public class RowIndexesTests
{
    [Fact]
    public void Add_IndexesThatFollowOneAnother_StayARange()
    {
        var indexes = Filled(5, 6, 7, 8);

        Assert.True(indexes.IsRange);
        Assert.Equal(5, indexes.First);
        Assert.Equal([5, 6, 7, 8], indexes);
    }

    [Fact]
    public void Add_AGap_ListsEveryIndexInOrder()
    {
        var indexes = Filled(0, 1, 2, 9, 10, 4);

        Assert.False(indexes.IsRange);
        Assert.Equal(6, indexes.Count);
        Assert.Equal([0, 1, 2, 9, 10, 4], indexes);
        Assert.Equal(9, indexes[3]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Slice_GivesThoseIndexes_WhetherARangeOrAList(bool withGap)
    {
        var all = withGap ? Filled(3, 4, 5, 6, 8, 9) : Filled(3, 4, 5, 6, 7, 8);

        var slice = all.Slice(2, 3);

        Assert.Equal(all.Skip(2).Take(3), slice);
        Assert.Equal(all.IsRange, slice.IsRange);
        Assert.Throws<ArgumentOutOfRangeException>(() => all.Slice(4, 3));
    }

    [Fact]
    public void Indexer_OutsideTheIndexes_Throws()
    {
        var indexes = Filled(1, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => indexes[2]);
    }

    private static RowIndexes Filled(params int[] values)
    {
        var indexes = new RowIndexes();
        foreach (var value in values)
        {
            indexes.Add(value);
        }

        return indexes;
    }
}
