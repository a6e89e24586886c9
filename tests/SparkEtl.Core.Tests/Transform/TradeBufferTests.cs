using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Transform;

public class TradeBufferTests
{
    private static readonly Trade Sample = new("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123, new SourcePosition("shardId-000000000001", "42", SourcePosition.None, 3), "/aws/lambda/ticker", null, 1_700_000_001_000);

    [Fact]
    public void Add_WithUtf8LogEventId_GivesTheIdBackAsAString()
    {
        var buffer = new TradeBuffer();

        buffer.Add(Sample, "36000000000000000000000000000000000000000000000000000003"u8);
        buffer.Add(Sample with { LogEventId = "plain" });

        Assert.Equal("36000000000000000000000000000000000000000000000000000003", buffer[0].LogEventId);
        Assert.Equal("plain", buffer[1].LogEventId);
        Assert.Equal(Sample with { LogEventId = "36000000000000000000000000000000000000000000000000000003" }, buffer[0]);
    }

    [Fact]
    public void Add_ManyIds_KeepsEachAcrossSlabs()
    {
        var buffer = new TradeBuffer();
        var ids = Enumerable.Range(0, 20_000).Select(i => $"{i:D40}-{new string('x', i % 50)}").ToArray();

        foreach (var id in ids)
        {
            buffer.Add(Sample, Encoding.UTF8.GetBytes(id));
        }

        Assert.Equal(ids, buffer.Select(t => t.LogEventId));
    }

    [Fact]
    public void Clear_ThenAdd_ReusesTheBufferWithTheNewIds()
    {
        var buffer = new TradeBuffer();
        buffer.Add(Sample, "first"u8);
        buffer.Clear();

        buffer.Add(Sample, "second"u8);

        var trade = Assert.Single(buffer);
        Assert.Equal("second", trade.LogEventId);
    }

    [Fact]
    public void AddRange_CopiesTheIds_SoTheSourceCanBeCleared()
    {
        var source = new TradeBuffer();
        var target = new TradeBuffer();
        source.Add(Sample, "kept"u8);
        source.Add(Sample);

        target.AddRange(source);
        source.Clear();
        source.Add(Sample, "overwritten"u8);

        Assert.Equal(["kept", null], target.Select(t => t.LogEventId));
    }

    [Fact]
    public void AddRange_TradesWithoutIdBytes_AppendsThemInOrderAfterTheTargetsOwn()
    {
        var source = new TradeBuffer();
        var target = new TradeBuffer();
        target.Add(Sample, "own"u8);
        source.Add(Sample, "cleared"u8);
        source.Clear();
        for (var i = 0; i < 3_000; i++)
        {
            source.Add(Sample with { Price = i + 1, LogEventId = i % 2 == 0 ? null : $"s{i}" });
        }

        target.AddRange(source);

        Assert.Equal(3_001, target.Count);
        Assert.Equal("own", target[0].LogEventId);
        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => Sample with { Price = i + 1, LogEventId = i % 2 == 0 ? null : $"s{i}" }), target.Skip(1));
    }

    [Fact]
    public void AddRange_TradeHoldingAnotherBuffersIdBytes_CopiesTheId()
    {
        var first = new TradeBuffer();
        var second = new TradeBuffer();
        var target = new TradeBuffer();
        first.Add(Sample, "in-the-first-buffer"u8);
        second.Add(first[0]);

        target.AddRange(second);
        first.Clear();
        first.Add(Sample, "overwrites-its-slab"u8);

        Assert.Equal("in-the-first-buffer", Assert.Single(target).LogEventId);
    }

    [Fact]
    public void EnsureCapacity_ThenAddingThatMany_DoesNotGrow()
    {
        var buffer = new TradeBuffer();
        buffer.Add(Sample);

        buffer.EnsureCapacity(5_000);
        var capacity = buffer.Capacity;
        for (var i = 1; i < 5_000; i++)
        {
            buffer.Add(Sample with { Price = i });
        }

        Assert.True(capacity >= 5_000, $"capacity {capacity}");
        Assert.Equal(capacity, buffer.Capacity);
        Assert.Equal(44.89, buffer[0].Price);
        Assert.Equal(4_999, buffer[4_999].Price);
    }

    [Fact]
    public void EnsureCapacity_AFewMoreThanBefore_DoesNotGrowAgain()
    {
        // Batches cut by bytes differ by a few records: each would otherwise copy the whole buffer into a new array.
        var buffer = new TradeBuffer();
        buffer.EnsureCapacity(80_000);
        var capacity = buffer.Capacity;

        buffer.EnsureCapacity(80_005);
        buffer.EnsureCapacity(80_400);

        Assert.Equal(capacity, buffer.Capacity);
    }

    [Fact]
    public void Add_IdLongerThanASlabPart_IsKeptWhole()
    {
        var buffer = new TradeBuffer();
        var id = new string('7', 200_000);

        buffer.Add(Sample, Encoding.UTF8.GetBytes(id));
        buffer.Add(Sample, "next"u8);

        Assert.Equal([id, "next"], buffer.Select(t => t.LogEventId));
    }

    [Fact]
    public void MoveFrom_TakesTheTradesAndTheirIds_AndTheSourceCanBeUsedAgainAtOnce()
    {
        var source = new TradeBuffer();
        var target = new TradeBuffer();
        target.Add(Sample, "own"u8);
        source.Add(Sample, "moved"u8);
        source.Add(Sample with { Price = 2 });

        target.MoveFrom(source);
        source.Add(Sample, "reuses-the-sources-memory"u8);
        target.Add(Sample, "after"u8);

        Assert.Empty(source.Skip(1));
        Assert.Equal("reuses-the-sources-memory", source[0].LogEventId);
        Assert.Equal(["own", "moved", null, "after"], target.Select(t => t.LogEventId));
        Assert.Equal(2, target[2].Price);
    }

    [Fact]
    public void MoveFrom_TradeHoldingAThirdBuffersIdBytes_CopiesTheId()
    {
        var third = new TradeBuffer();
        var source = new TradeBuffer();
        var target = new TradeBuffer();
        third.Add(Sample, "in-the-third-buffer"u8);
        source.Add(third[0]);
        source.Add(Sample, "in-the-source"u8);

        target.MoveFrom(source);
        third.Clear();
        third.Add(Sample, "overwrites-its-slab-"u8);
        source.Add(Sample, "overwrites-the-source"u8);

        Assert.Equal(["in-the-third-buffer", "in-the-source"], target.Select(t => t.LogEventId));
    }

    [Fact]
    public void MoveFrom_BatchAfterBatch_KeepsEveryId()
    {
        // As a decoded batch joins its chunks: each chunk fills its own buffer, the first takes the others', all are cleared.
        var random = new Random(20261202);
        var chunks = new[] { new TradeBuffer(), new TradeBuffer(), new TradeBuffer() };
        for (var batch = 0; batch < 40; batch++)
        {
            var expected = new List<string?>();
            foreach (var chunk in chunks)
            {
                chunk.Clear();
                for (var i = random.Next(0, 6_000); i > 0; i--)
                {
                    var id = random.Next(50) switch
                    {
                        0 => null,
                        1 => $"{batch}-{i}-" + new string('L', 70_000),
                        _ => $"{batch:D3}-{i:D6}-" + new string('x', random.Next(0, 48)),
                    };
                    if (id is null)
                    {
                        chunk.Add(Sample with { Price = i });
                    }
                    else
                    {
                        chunk.Add(Sample with { Price = i }, Encoding.UTF8.GetBytes(id));
                    }

                    expected.Add(id);
                }
            }

            chunks[0].MoveFrom(chunks[1]);
            chunks[0].MoveFrom(chunks[2]);
            chunks[1].Add(Sample, "overwrites-whatever-the-first-slab-held"u8);
            chunks[0].Add(Sample, "added-after"u8);
            expected.Add("added-after");

            Assert.Equal(expected, chunks[0].Select(t => t.LogEventId));
            Assert.Empty(chunks[2]);
        }
    }

    [Fact]
    public void MoveFrom_BatchAfterBatchOfTheSameSize_MakesNoNewSlabs()
    {
        // Slabs change hands at each join; once every buffer has what a batch needs, none is made anew.
        var chunks = new[] { new TradeBuffer(), new TradeBuffer() };
        var slabs = new List<int>();
        for (var batch = 0; batch < 10; batch++)
        {
            foreach (var chunk in chunks)
            {
                chunk.Clear();
                for (var i = 0; i < 20_000; i++)
                {
                    chunk.Add(Sample, Encoding.UTF8.GetBytes($"{batch:D3}-{i:D52}"));
                }
            }

            chunks[0].MoveFrom(chunks[1]);
            slabs.Add(chunks.Sum(c => c.SlabCount));
        }

        Assert.True(slabs[0] >= 2 * 4, $"slabs held batch by batch: {string.Join(", ", slabs)}");
        Assert.All(slabs.Skip(2), count => Assert.Equal(slabs[1], count));
    }

    [Fact]
    public void Indexer_OutsideTheTrades_Throws()
    {
        var buffer = new TradeBuffer();
        buffer.Add(Sample);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[1]);
    }
}
