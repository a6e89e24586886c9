using System.Runtime.CompilerServices;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Tests.Sources.Internal;

public class BatchMemoryTests
{
    private static byte[] Bytes(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    [Fact]
    public void Copy_ManySmallPieces_EachCopyKeepsItsBytesAfterLaterCopies()
    {
        var slabs = new BatchMemory();
        var pieces = Enumerable.Range(0, 3_000).Select(i => Bytes(1 + (i * 37 % 200), i)).ToList();

        var copies = pieces.Select(p => slabs.Copy(p)).ToList();

        for (var i = 0; i < pieces.Count; i++)
        {
            Assert.Equal(pieces[i], copies[i].ToArray());
        }
    }

    [Fact]
    public void Copy_SmallPieces_ShareOneArray()
    {
        var slabs = new BatchMemory();

        var first = slabs.Copy(Bytes(100, 1));
        var second = slabs.Copy(Bytes(100, 2));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(second, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(BatchMemory.SlabBytes, a.Array!.Length);
    }

    [Fact]
    public void Copy_PieceLargerThanTheSharedMaximum_GetsAnArrayOfItsOwn()
    {
        var slabs = new BatchMemory();
        var large = Bytes(BatchMemory.MaxSharedBytes + 1, 3);

        var copy = slabs.Copy(large);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(copy, out var segment));
        Assert.Equal(large.Length, segment.Array!.Length);
        Assert.Equal(large, copy.ToArray());
    }

    [Fact]
    public void Copy_PieceThatDoesNotFitTheSlabLeft_StartsANewSlabAndLeavesTheOldCopiesAlone()
    {
        var slabs = new BatchMemory();
        var pieces = Enumerable.Range(0, 5).Select(i => Bytes(BatchMemory.MaxSharedBytes, i)).ToList();

        var copies = pieces.Select(p => slabs.Copy(p)).ToList();

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(copies[3], out var fourth));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(copies[4], out var fifth));
        Assert.NotSame(fourth.Array, fifth.Array);
        Assert.Equal(0, fifth.Offset);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(pieces[i], copies[i].ToArray()));
    }

    [Fact]
    public void TakeBatch_GivenBack_ItsSlabsHoldTheNextCopies()
    {
        var slabs = new BatchMemory();
        var first = slabs.Copy(Bytes(100, 1));
        var batch = slabs.TakeBatch(new RecordBlocks());

        batch.Dispose();
        batch.Dispose();
        var next = slabs.Copy(Bytes(50, 2));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(next, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(0, b.Offset);
        Assert.Equal(0, slabs.SpareSlabCount);
    }

    [Fact]
    public void TakeBatch_NotGivenBack_ItsDataStaysAsCopied()
    {
        var slabs = new BatchMemory();
        var pieces = Enumerable.Range(0, 100).Select(i => Bytes(1_000, i)).ToList();
        var kept = pieces.Select(p => slabs.Copy(p)).ToList();
        var given = slabs.TakeBatch(new RecordBlocks());
        var other = slabs.Copy(Bytes(10, 5));
        slabs.TakeBatch(new RecordBlocks()).Dispose();

        var later = Enumerable.Range(0, 100).Select(i => slabs.Copy(Bytes(1_000, 200 + i))).ToList();

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(pieces[i], kept[i].ToArray()));
        Assert.Equal(Bytes(1_000, 200), later[0].ToArray());
        given.Dispose();
        Assert.Equal(2, slabs.SpareSlabCount);
        GC.KeepAlive(other);
    }

    [Fact]
    public void Copy_Nothing_GivesEmptyData()
    {
        Assert.True(new BatchMemory().Copy([]).IsEmpty);
    }

    [Fact]
    public void Record_BatchGivenBack_ItsObjectsComeBackAsTheNextRecordsWithEveryMemberNew()
    {
        var memory = new BatchMemory();
        var batch = memory.NewBatch();
        var made = Enumerable.Range(0, 3).Select(i => memory.Record("shard-a", i, "key", 1_000 + i, memory.Copy(Bytes(10, i)))).ToList();
        made.ForEach(batch.Add);
        var broken = new KinesisRecord("shard-b", "77", "other", 5, Bytes(4, 9)) { CaptureProblem = "Capture line 77 is not a valid Kinesis record" };
        batch.Add(broken);

        memory.TakeBatch(batch).Dispose();
        Assert.Equal(4, memory.SpareRecordCount);
        var again = Enumerable.Range(0, 4).Select(i => memory.Record("shard-c", 100 + i, "", 2_000 + i, memory.Copy(Bytes(20, 50 + i)))).ToList();

        Assert.Equal(made.Append(broken).OrderBy(RuntimeHelpers.GetHashCode), again.OrderBy(RuntimeHelpers.GetHashCode));
        Assert.All(Enumerable.Range(0, 4), i =>
        {
            Assert.Equal("shard-c", again[i].ShardId);
            Assert.Equal((100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), again[i].SequenceNumber);
            Assert.Equal("", again[i].PartitionKey);
            Assert.Equal(2_000 + i, again[i].ApproximateArrivalMs);
            Assert.Equal(Bytes(20, 50 + i), again[i].Data.ToArray());
            Assert.Null(again[i].CaptureProblem);
        });
        Assert.Equal(0, memory.SpareRecordCount);
    }

    [Fact]
    public void Record_BatchNotGivenBack_ItsRecordsStayAsMadeAndNewOnesAreNewObjects()
    {
        var memory = new BatchMemory();
        var kept = memory.NewBatch();
        kept.Add(memory.Record("shard-a", 1, "key", 10, memory.Copy(Bytes(10, 1))));
        _ = memory.TakeBatch(kept);

        var next = memory.Record("shard-a", 2, "key", 20, memory.Copy(Bytes(10, 2)));

        Assert.NotSame(kept[0], next);
        Assert.Equal("1", kept[0].SequenceNumber);
        Assert.Equal(Bytes(10, 1), kept[0].Data.ToArray());
    }

    [Fact]
    public void NewBatch_AfterAGivenBackBlockIsHandedOutAgain_ListsTheNextBatchInThatBlock()
    {
        var memory = new BatchMemory();
        var first = memory.NewBatch();
        for (var i = 0; i < RecordBlocks.BlockLength; i++)
        {
            first.Add(memory.Record("shard-a", i, "", 0, ReadOnlyMemory<byte>.Empty));
        }

        var block = first.Blocks[0];
        memory.TakeBatch(first).Dispose();
        var second = memory.NewBatch();
        for (var i = 0; i < RecordBlocks.BlockLength; i++)
        {
            second.Add(memory.Record("shard-a", RecordBlocks.BlockLength + i, "", 0, ReadOnlyMemory<byte>.Empty));
        }

        // The first batch's block gave its records to the second batch, then became the list of the third.
        memory.TakeBatch(second);
        var third = memory.NewBatch();
        third.Add(new KinesisRecord("shard-a", 0, "", 0, ReadOnlyMemory<byte>.Empty));

        Assert.Same(block, third.Blocks[0]);
        Assert.Single(third);
        Assert.NotSame(block, second.Blocks[0]);
        Assert.Equal(Enumerable.Range(RecordBlocks.BlockLength, RecordBlocks.BlockLength).Select(i => (long)i),
            second.Select(r => long.Parse(r.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Reserve_KeptShorter_TheNextDataFollowsWhatWasKept()
    {
        var memory = new BatchMemory();
        var room = memory.Reserve(100);
        Bytes(60, 4).CopyTo(room.Span);

        var kept = memory.Keep(room, 60);
        var next = memory.Copy(Bytes(30, 5));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(kept, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(next, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(a.Offset + 60, b.Offset);
        Assert.Equal(Bytes(60, 4), kept.ToArray());
        Assert.Equal(Bytes(30, 5), next.ToArray());
    }

    [Fact]
    public void Reserve_MoreThanASlabShares_IsAnArrayOfItsOwnAndKeepsNothingOfTheSlab()
    {
        var memory = new BatchMemory();
        var before = memory.Copy(Bytes(10, 1));

        var room = memory.Reserve(BatchMemory.MaxSharedBytes + 10);
        var kept = memory.Keep(room, BatchMemory.MaxSharedBytes + 5);
        var after = memory.Copy(Bytes(10, 2));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(kept, out var own));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(before, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(after, out var b));
        Assert.NotSame(a.Array, own.Array);
        Assert.Equal(BatchMemory.MaxSharedBytes + 5, kept.Length);
        Assert.Same(a.Array, b.Array);
        Assert.Equal(10, b.Offset);
    }

    [Fact]
    public void TakeBatch_GivenBack_ItsRecordsLetGoOfTheirData()
    {
        var memory = new BatchMemory();
        var batch = memory.NewBatch();
        var own = new KinesisRecord("shard-a", "1", "key", 10, Bytes(BatchMemory.MaxSharedBytes * 2, 1));
        batch.Add(own);
        batch.Add(memory.Record("shard-a", 2, "key", 10, memory.Copy(Bytes(10, 2))));

        memory.TakeBatch(batch).Dispose();

        Assert.True(own.Data.IsEmpty);
        Assert.True(batch[1].Data.IsEmpty);
        Assert.Equal(2, memory.SpareRecordCount);
    }
}
