using SparkEtl.Runner.Sources.Internal;

namespace SparkEtl.Runner.Tests.Sources.Internal;

public class RecordDataSlabsTests
{
    private static byte[] Bytes(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    [Fact]
    public void Copy_ManySmallPieces_EachCopyKeepsItsBytesAfterLaterCopies()
    {
        var slabs = new RecordDataSlabs();
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
        var slabs = new RecordDataSlabs();

        var first = slabs.Copy(Bytes(100, 1));
        var second = slabs.Copy(Bytes(100, 2));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(second, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(RecordDataSlabs.SlabBytes, a.Array!.Length);
    }

    [Fact]
    public void Copy_PieceLargerThanTheSharedMaximum_GetsAnArrayOfItsOwn()
    {
        var slabs = new RecordDataSlabs();
        var large = Bytes(RecordDataSlabs.MaxSharedBytes + 1, 3);

        var copy = slabs.Copy(large);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(copy, out var segment));
        Assert.Equal(large.Length, segment.Array!.Length);
        Assert.Equal(large, copy.ToArray());
    }

    [Fact]
    public void Copy_PieceThatDoesNotFitTheSlabLeft_StartsANewSlabAndLeavesTheOldCopiesAlone()
    {
        var slabs = new RecordDataSlabs();
        var pieces = Enumerable.Range(0, 5).Select(i => Bytes(RecordDataSlabs.MaxSharedBytes, i)).ToList();

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
        var slabs = new RecordDataSlabs();
        var first = slabs.Copy(Bytes(100, 1));
        var batch = slabs.TakeBatch();

        batch.Dispose();
        batch.Dispose();
        var next = slabs.Copy(Bytes(50, 2));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(next, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(0, b.Offset);
        Assert.Equal(0, slabs.SpareCount);
    }

    [Fact]
    public void TakeBatch_NotGivenBack_ItsDataStaysAsCopied()
    {
        var slabs = new RecordDataSlabs();
        var pieces = Enumerable.Range(0, 100).Select(i => Bytes(1_000, i)).ToList();
        var kept = pieces.Select(p => slabs.Copy(p)).ToList();
        var given = slabs.TakeBatch();
        var other = slabs.Copy(Bytes(10, 5));
        slabs.TakeBatch().Dispose();

        var later = Enumerable.Range(0, 100).Select(i => slabs.Copy(Bytes(1_000, 200 + i))).ToList();

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(pieces[i], kept[i].ToArray()));
        Assert.Equal(Bytes(1_000, 200), later[0].ToArray());
        given.Dispose();
        Assert.Equal(2, slabs.SpareCount);
        GC.KeepAlive(other);
    }

    [Fact]
    public void Copy_Nothing_GivesEmptyData()
    {
        Assert.True(new RecordDataSlabs().Copy([]).IsEmpty);
    }
}
