using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Tests.Sources.Internal;

public class RecordBlocksTests
{
    private static KinesisRecord Record(int sequence) => new("shardId-000000000000", $"{sequence}", "k", 0, ReadOnlyMemory<byte>.Empty);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(RecordBlocks.BlockLength)]
    [InlineData(RecordBlocks.BlockLength + 1)]
    [InlineData(3 * RecordBlocks.BlockLength + 5)]
    public void Add_AnyCount_KeepsTheRecordsInOrderByIndexAndByEnumeration(int count)
    {
        var records = Enumerable.Range(1, count).Select(Record).ToList();
        var blocks = new RecordBlocks();

        records.ForEach(blocks.Add);

        Assert.Equal(count, blocks.Count);
        Assert.Equal(records, blocks);
        Assert.All(Enumerable.Range(0, count), i => Assert.Same(records[i], blocks[i]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Indexer_OutsideTheRecords_Throws(int index)
    {
        var blocks = new RecordBlocks();
        blocks.Add(Record(1));
        blocks.Add(Record(2));
        blocks.Add(Record(3));

        Assert.Throws<ArgumentOutOfRangeException>(() => blocks[index]);
    }
}
