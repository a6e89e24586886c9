using System.Text;
using System.Text.Json;
using SparkEtl.Core.Records;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Aggregation;

public class LateTradeErrorsTests
{
    private static readonly SourcePosition Position = new("unknown", "4960", SourcePosition.None, 2);

    [Fact]
    public void Create_KeepsTheTradeAsReplayableTickerJsonAndNamesTheGap()
    {
        var error = LateTradeErrors.Create(new Trade("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_000, Position, null, "36", 1_700_000_100_000), 1_699_999_980_000, 60_000, 1_700_000_030_000);

        Assert.Equal(ErrorType.LateRecord, error.Type);
        Assert.Equal("{\"TICKER_SYMBOL\":\"JIB\",\"SECTOR\":\"AUTOMOBILE\",\"PRICE\":44.89,\"EVENT_TIME\":1700000000000}", Encoding.UTF8.GetString(error.RawData.Span));
        Assert.Equal("EVENT_TIME 2023-11-14T22:13:20.000Z is behind the watermark 2023-11-14T22:13:50.000Z by 30000 ms, so window [2023-11-14T22:13:00.000Z, 2023-11-14T22:14:00.000Z) of JIB leaves it out; the trade itself is in trades (shard unknown, sequence 4960, log event #2)", error.Message);
        Assert.Equal((Position, "36", 1_700_000_100_000L), (error.Position, error.LogEventId, error.ArrivalMs));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("TECH \"A\" \\ é")]
    public void Create_AnySector_GivesValidJsonThatReadsBackTheSector(string? sector)
    {
        var error = LateTradeErrors.Create(new Trade("JIB", sector, 1, 0, Position, null, null, 0), 0, 60_000, 1);

        using var json = JsonDocument.Parse(error.RawData);
        Assert.Equal(sector, json.RootElement.GetProperty("SECTOR").GetString());
    }

    [Fact]
    public void Create_WindowAtTheEndOfTime_NamesItsEndAsInfinity()
    {
        var error = LateTradeErrors.Create(new Trade("JIB", null, 1, 253_402_300_799_000, Position, null, null, 0), 253_402_300_740_000, 60_000, long.MaxValue);

        Assert.Contains("behind the watermark +infinity", error.Message, StringComparison.Ordinal);
        Assert.Contains("[9999-12-31T23:59:00.000Z, +infinity) of JIB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99, 100, true)]
    [InlineData(100, 100, false)]
    [InlineData(0, long.MinValue, false)]
    public void IsLate_IsStrictlyBehindTheWatermark(long eventTime, long watermark, bool late) =>
        Assert.Equal(late, LateTradeErrors.IsLate(eventTime, watermark));
}
