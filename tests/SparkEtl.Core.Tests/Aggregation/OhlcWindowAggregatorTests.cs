using SparkEtl.Core.Aggregation;
using static SparkEtl.Core.Tests.Aggregation.TradeFactory;

namespace SparkEtl.Core.Tests.Aggregation;

public class OhlcWindowAggregatorTests
{
    [Fact]
    public void EndInput_OneWindow_GivesOpenHighLowCloseCountAndAverage()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 10, 1_000, 1));
        aggregator.TryAdd(Trade("JIB", 14, 3_000, 2));
        aggregator.TryAdd(Trade("JIB", 9, 2_000, 3));
        aggregator.TryAdd(Trade("JIB", 12, 59_999, 4));

        var bar = Assert.Single(aggregator.EndInput());

        Assert.Equal(new OhlcBar(0, 60_000, "JIB", "TECHNOLOGY", 10, 14, 9, 12, 4, 11.25), bar);
    }

    [Fact]
    public void Aggregate_TradesInATradeBuffer_GiveTheSameLateErrorsAndBarsAsInAList()
    {
        // A buffer's trades are read in place, a list's through its interface: the results must not differ.
        var first = Enumerable.Range(0, 200).Select(i => Trade(i % 3 == 0 ? "JIB" : "WMT", 10 + (i % 17), 120_000 + (i * 997 % 90_000), i)).ToArray();
        var second = Enumerable.Range(200, 200).Select(i => Trade("JIB", 5 + (i % 11), 60_000 + (i * 1_009 % 150_000), i)).ToArray();
        var fromList = new OhlcWindowAggregator(60_000);
        var fromBuffer = new OhlcWindowAggregator(60_000);
        var results = new List<string>[] { [], [] };

        foreach (var (batch, watermark) in new[] { (first, 150_000L), (second, 240_000L) })
        {
            var buffer = new SparkEtl.Core.Transform.TradeBuffer();
            foreach (var trade in batch)
            {
                buffer.Add(trade);
            }

            results[0].AddRange(fromList.Aggregate(batch.ToList()).Select(e => e.Message));
            results[1].AddRange(fromBuffer.Aggregate(buffer).Select(e => e.Message));
            results[0].AddRange(fromList.Advance(watermark).Select(b => b.ToString()));
            results[1].AddRange(fromBuffer.Advance(watermark).Select(b => b.ToString()));
        }

        Assert.Contains(results[0], r => r.Contains("behind the watermark", StringComparison.Ordinal));
        Assert.Contains(results[0], r => r.StartsWith("OhlcBar", StringComparison.Ordinal));
        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public void TryAdd_EqualEventTimes_OpenIsEarliestAndCloseLatestSourcePosition()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 20, 5_000, 7));
        aggregator.TryAdd(Trade("JIB", 30, 5_000, 3));
        aggregator.TryAdd(Trade("JIB", 40, 5_000, 12));

        var bar = Assert.Single(aggregator.EndInput());

        Assert.Equal(30, bar.Open);
        Assert.Equal(40, bar.Close);
    }

    [Fact]
    public void TryAdd_SequenceNumbersOfDifferentLengths_ComparedByValue()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 1, 5_000, 10));
        aggregator.TryAdd(Trade("JIB", 2, 5_000, 9));

        var bar = Assert.Single(aggregator.EndInput());

        Assert.Equal(2, bar.Open);
        Assert.Equal(1, bar.Close);
    }

    [Fact]
    public void EndBatch_WatermarkPassesWindowEnd_EmitsOnlyClosedWindows()
    {
        var aggregator = new WindowsUnderTest(60_000, 10_000);
        aggregator.TryAdd(Trade("JIB", 10, 30_000, 1));
        aggregator.TryAdd(Trade("JIB", 11, 65_000, 2));
        Assert.Empty(aggregator.EndBatch());
        Assert.Equal(55_000, aggregator.WatermarkMs);

        aggregator.TryAdd(Trade("JIB", 12, 70_000, 3));
        var bars = aggregator.EndBatch();

        Assert.Equal(0, Assert.Single(bars).WindowStartMs);
        Assert.Equal(60_000, aggregator.WatermarkMs);
        Assert.Equal(1, aggregator.OpenWindowCount);
    }

    [Fact]
    public void TryAdd_BehindWatermark_IsRefusedAndNotCounted()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 10, 120_000, 1));
        aggregator.EndBatch();

        Assert.False(aggregator.TryAdd(Trade("JIB", 99, 119_999, 2)));
        Assert.True(aggregator.TryAdd(Trade("JIB", 11, 120_000, 3)));
        Assert.Equal(2, Assert.Single(aggregator.EndInput()).TradeCount);
    }

    [Fact]
    public void EndBatch_WatermarkNeverMovesBack()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 10, 500_000, 1));
        aggregator.EndBatch();
        aggregator.TryAdd(Trade("JIB", 10, 600_000, 2));
        aggregator.EndBatch();

        Assert.Equal(600_000, aggregator.WatermarkMs);
    }

    [Fact]
    public void EndInput_NegativeEventTimes_UseFloorWindows()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 10, -1, 1));

        var bar = Assert.Single(aggregator.EndInput());

        Assert.Equal((-60_000L, 0L), (bar.WindowStartMs, bar.WindowEndMs));
    }

    [Fact]
    public void EndInput_SectorIsTheLatestTradesNonNullSector()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("JIB", 10, 2_000, 1, "ENERGY"));
        aggregator.TryAdd(Trade("JIB", 10, 1_000, 2, "MEDIA"));
        aggregator.TryAdd(Trade("JIB", 10, 3_000, 3, null));

        Assert.Equal("ENERGY", Assert.Single(aggregator.EndInput()).Sector);
    }

    [Fact]
    public void EndBatch_BarsAreOrderedByWindowThenSymbol()
    {
        var aggregator = new WindowsUnderTest(60_000, 0);
        aggregator.TryAdd(Trade("WMT", 1, 61_000, 1));
        aggregator.TryAdd(Trade("AMZN", 1, 62_000, 2));
        aggregator.TryAdd(Trade("WMT", 1, 1_000, 3));
        aggregator.TryAdd(Trade("AMZN", 1, 2_000, 4));

        var bars = aggregator.EndInput();

        Assert.Equal(["0 AMZN", "0 WMT", "60000 AMZN", "60000 WMT"], bars.Select(b => $"{b.WindowStartMs} {b.Symbol}"));
    }
}
