using System.Buffers.Binary;
using SparkEtl.Core.Parquet.Internal;

namespace SparkEtl.Core.Tests.Parquet;

public class Int64DictionaryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(5_000)]
    [InlineData(70_000)]
    public void TryBuild_AnyNumberOfDistinctValues_EntriesInFirstSeenOrderAndEachIndexNamesItsValue(int distinct)
    {
        // The table starts small and doubles: these counts end before, at and past its first growth, and after many.
        var random = new Random(distinct);
        var values = Enumerable.Range(0, distinct * 3).Select(_ => (long)random.Next(distinct) * 1_000_003 - 7).ToArray();
        using var indices = new PooledValueBuffer<int>();
        using var page = new PooledByteBuffer();

        Assert.True(Int64Dictionary.TryBuild(values, 1 << 20, indices, page, out var entries));

        var dictionary = Enumerable.Range(0, entries).Select(i => BinaryPrimitives.ReadInt64LittleEndian(page.WrittenSpan[(i * 8)..])).ToArray();
        Assert.Equal(values.Distinct().ToArray(), dictionary);
        Assert.Equal(values, indices.Span.ToArray().Select(i => dictionary[i]));
    }

    [Fact]
    public void TryBuild_MoreDistinctValuesThanThePageHolds_False()
    {
        var values = Enumerable.Range(0, 3_000).Select(i => (long)i).ToArray();
        using var indices = new PooledValueBuffer<int>();
        using var page = new PooledByteBuffer();

        using var other = new PooledByteBuffer();

        Assert.False(Int64Dictionary.TryBuild(values, 2_999 * sizeof(long), indices, page, out _));
        Assert.True(Int64Dictionary.TryBuild(values, 3_000 * sizeof(long), indices, other, out var entries));
        Assert.Equal(3_000, entries);
    }
}
