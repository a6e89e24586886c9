using System.Text;
using SparkEtl.Core.SparkJob;
using SparkEtl.Core.Tests.Decoding;

namespace SparkEtl.Core.Tests.SparkJob;

public class SparkRecordDecoderTests
{
    private const int MaxBytes = 10 << 20;
    private const string Sequence = "49600000000000000000000001000000000000000000000000000007";

    private static object?[][] Decode(byte[]? data, long watermarkMs = long.MinValue) =>
        SparkRecordDecoder.Decode(data, "pk", Sequence, Payloads.ArrivalMs, watermarkMs, MaxBytes, 60_000);

    private static object? Field(object?[] row, string name) => row[DecodedRecordSchema.IndexOf(name)];

    [Fact]
    public void Decode_PlainTicker_IsOneTradeRowWithTheConnectorsPosition()
    {
        var row = Assert.Single(Decode(Encoding.UTF8.GetBytes(Payloads.Ticker())));

        var trade = DecodedRecordSchema.ToTrade(row);
        Assert.Equal("trade", Field(row, "kind"));
        Assert.Equal(("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123L), (trade.Symbol, trade.Sector, trade.Price, trade.EventTimeMs));
        Assert.Equal((SparkRecordDecoder.UnknownShardId, Sequence), (trade.Position.ShardId, trade.Position.SequenceNumber));
    }

    [Fact]
    public void Decode_TradeBehindTheWatermark_StaysATradeAndGetsALateRecordError()
    {
        var rows = Decode(Encoding.UTF8.GetBytes(Payloads.Ticker()), watermarkMs: 1_700_000_000_124);

        Assert.Equal(["trade", "error"], rows.Select(r => Field(r, "kind")));
        var row = rows[1];
        var error = DecodedRecordSchema.ToError(row);
        Assert.Equal("late-record", Field(row, "error_type"));
        Assert.Equal(Payloads.ArrivalMs, error.ArrivalMs);
        Assert.StartsWith("EVENT_TIME 2023-11-14T22:13:20.123Z is behind the watermark 2023-11-14T22:13:20.124Z by 1 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TradeAtTheWatermark_IsNotLate() =>
        Assert.Equal("trade", Field(Assert.Single(Decode(Encoding.UTF8.GetBytes(Payloads.Ticker()), watermarkMs: 1_700_000_000_123)), "kind"));

    [Fact]
    public void Decode_CloudWatchEnvelope_IsOneRowPerLogEventInOrder_DropsWithTheRecordsPosition()
    {
        var envelope = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(
            Payloads.PythonLine(Payloads.Ticker("JIB")),
            "START RequestId: 79042c19-0576-bd4c-586a-bf8887e79fa4 Version: $LATEST\n",
            "not a ticker\n")));

        var rows = Decode(envelope);

        Assert.Equal(["trade", "drop", "error"], rows.Select(r => Field(r, "kind")));
        Assert.Equal([0, null, 2], rows.Select(r => Field(r, "event_index")));
        Assert.Equal("platform-log-line", Field(rows[1], "drop_reason"));
        Assert.Equal("parse-failed", Field(rows[2], "error_type"));
        Assert.Equal(Payloads.LogGroup, Field(rows[0], "log_group"));
    }

    [Fact]
    public void Decode_ControlMessage_IsADrop() =>
        Assert.Equal("control-message", Field(Assert.Single(Decode(Payloads.Gzip(Payloads.ControlEnvelopeJson()))), "drop_reason"));

    [Theory]
    [InlineData(new byte[] { 0x1f, 0x8b, 1, 2, 3 }, "decompression-failed")]
    [InlineData(new byte[] { (byte)'[', (byte)'1', (byte)']' }, "parse-failed")]
    [InlineData(new byte[0], "parse-failed")]
    public void Decode_BadData_IsAnErrorRowKeepingTheBytes(byte[] data, string code)
    {
        var row = Assert.Single(Decode(data));

        Assert.Equal(code, Field(row, "error_type"));
        Assert.Equal(Convert.ToBase64String(data), Field(row, "raw_data"));
    }

    [Fact]
    public void Decode_NullData_IsReadAsEmpty() =>
        Assert.Equal("parse-failed", Field(Assert.Single(Decode(null)), "error_type"));

    [Fact]
    public void Decode_ManyThreads_EachDecodesItsOwnRecords()
    {
        var results = new object?[200][][];
        Parallel.For(0, results.Length, i => results[i] = SparkRecordDecoder.Decode(
            Encoding.UTF8.GetBytes(Payloads.Ticker(price: i + 1)), "pk", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Payloads.ArrivalMs, long.MinValue, MaxBytes, 60_000));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(i + 1.0, DecodedRecordSchema.ToTrade(Assert.Single(results[i])).Price));
    }
}
