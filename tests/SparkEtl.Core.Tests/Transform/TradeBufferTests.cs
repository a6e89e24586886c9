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
    public void Add_IdLongerThanASlabPart_IsKeptWhole()
    {
        var buffer = new TradeBuffer();
        var id = new string('7', 200_000);

        buffer.Add(Sample, Encoding.UTF8.GetBytes(id));
        buffer.Add(Sample, "next"u8);

        Assert.Equal([id, "next"], buffer.Select(t => t.LogEventId));
    }

    [Fact]
    public void Indexer_OutsideTheTrades_Throws()
    {
        var buffer = new TradeBuffer();
        buffer.Add(Sample);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[1]);
    }
}
