using System.Text;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Producing;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

public class CloudWatchEnvelopeTests
{
    private static RecordingSink Decode(byte[] data, DecoderOptions? options = null, RecordDecoder? decoder = null)
    {
        var sink = new RecordingSink();
        (decoder ?? new RecordDecoder(options ?? new DecoderOptions())).Decode(Payloads.Record(data), sink);
        return sink;
    }

    private static SourcePosition EventPosition(int index) => new(Payloads.Shard, Payloads.Sequence, SourcePosition.None, index);

    [Fact]
    public void Decode_DataMessageOfSeveralEvents_OneTradePerEventWithContext()
    {
        var events = Payloads.Events(
            Payloads.PythonLine(Payloads.Ticker("JIB", 44.89, 1_700_000_000_123)),
            Payloads.NodeLine(Payloads.Ticker("BRK.B", 350.5, null, "FINANCIAL")),
            Payloads.Ticker("^GSPC", 4500.25, 1_700_000_000_999, "INDEX"));

        var trades = Decode(Payloads.Gzip(Payloads.DataEnvelopeJson(events))).Trades.ToList();

        Assert.Equal(
            [
                new Trade("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123, EventPosition(0), Payloads.LogGroup, Payloads.EventId(0), Payloads.ArrivalMs),
                new Trade("BRK.B", "FINANCIAL", 350.5, events[1].Timestamp, EventPosition(1), Payloads.LogGroup, Payloads.EventId(1), Payloads.ArrivalMs),
                new Trade("^GSPC", "INDEX", 4500.25, 1_700_000_000_999, EventPosition(2), Payloads.LogGroup, Payloads.EventId(2), Payloads.ArrivalMs),
            ],
            trades);
    }

    [Fact]
    public void Decode_ControlMessageAsCloudWatchSendsIt_DroppedOnce()
    {
        Assert.Equal(["drop:control-message"], Decode(Payloads.Gzip(Payloads.ControlEnvelopeJson())).Labels());
    }

    [Fact]
    public void Decode_ControlMessageFromTheRepositoryWriter_DroppedOnce()
    {
        Assert.Equal(["drop:control-message"], Decode(CloudWatchEnvelopeWriter.ControlMessage(1_700_000_000_000)).Labels());
    }

    [Fact]
    public void Decode_DataMessageFromTheRepositoryWriter_RoundTrips()
    {
        var data = CloudWatchEnvelopeWriter.DataMessage("123456789012", "/aws/lambda/demo", "stream", "is_save_kinesis",
            [new CloudWatchLogEvent("1", 5, Payloads.PythonLine(Payloads.Ticker("AMZN", 130.1, 1_700_000_000_001))), new CloudWatchLogEvent("2", 6, "END RequestId: x\n")]);

        var sink = Decode(data);

        Assert.Equal(["accept", "drop:platform-log-line"], sink.Labels());
        Assert.Equal(("AMZN", "/aws/lambda/demo", "1"), (sink.Trades.Single().Symbol, sink.Trades.Single().LogGroup, sink.Trades.Single().LogEventId));
    }

    public static TheoryData<string[]> FieldOrders => new()
    {
        new[] { "logEvents", "messageType", "owner", "logGroup", "logStream", "subscriptionFilters" },
        new[] { "messageType", "logEvents", "owner", "logStream", "subscriptionFilters", "logGroup" },
        new[] { "logGroup", "logEvents", "owner", "logStream", "subscriptionFilters", "messageType" },
        new[] { "subscriptionFilters", "logStream", "owner", "logGroup", "messageType", "logEvents" },
    };

    [Theory]
    [MemberData(nameof(FieldOrders))]
    public void Decode_EnvelopeFieldsInAnyOrder_SameResults(string[] order)
    {
        var events = Payloads.Events(Payloads.PythonLine(Payloads.Ticker("JIB")), "START RequestId: 1\n", Payloads.NodeLine(Payloads.Ticker("WMT", 60.5)));
        var expected = Decode(Payloads.Gzip(Payloads.DataEnvelopeJson(events)));

        var actual = Decode(Payloads.Gzip(Payloads.DataEnvelopeJson(events, order: order)));

        Assert.Equal(["accept", "drop:platform-log-line", "accept"], actual.Labels());
        Assert.Equal(expected.Trades, actual.Trades);
    }

    [Fact]
    public void Decode_ControlMessageWithMessageTypeLast_DroppedOnce()
    {
        var json = "{\"logEvents\":[{\"id\":\"\",\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}],\"logGroup\":\"\",\"messageType\":\"CONTROL_MESSAGE\"}";

        Assert.Equal(["drop:control-message"], Decode(Payloads.Gzip(json)).Labels());
    }

    [Fact]
    public void Decode_UnknownEnvelopeAndEventFields_Ignored()
    {
        var json = "{\"messageType\":\"DATA_MESSAGE\",\"policyLevel\":\"ACCOUNT_LEVEL_POLICY\",\"logGroup\":\"g\",\"extra\":{\"a\":[1,2,{\"b\":null}]},"
            + "\"logEvents\":[{\"extractedFields\":{\"x\":\"1\"},\"id\":\"7\",\"timestamp\":9,\"message\":\"{\\\"TICKER_SYMBOL\\\":\\\"JIB\\\",\\\"PRICE\\\":1}\",\"more\":[]}]}";

        var trade = Decode(Payloads.Gzip(json)).SingleTrade();

        Assert.Equal(("JIB", "g", "7", 9L), (trade.Symbol, trade.LogGroup, trade.LogEventId, trade.EventTimeMs));
    }

    [Fact]
    public void Decode_MixedEvents_OneResultPerEventInEventOrder()
    {
        var events = Payloads.Events(
            Payloads.PythonLine(Payloads.Ticker()),
            "REPORT RequestId: 1\tDuration: 1 ms\n",
            "[INFO]\tno ticker here\n",
            Payloads.PythonLine(Payloads.Ticker(price: 0)),
            Payloads.NodeLine(Payloads.Ticker("QXZ")));

        var sink = Decode(Payloads.Gzip(Payloads.DataEnvelopeJson(events)));

        Assert.Equal(["accept", "drop:platform-log-line", "fail:parse-failed", "fail:validation-failed", "accept"], sink.Labels());
        Assert.Equal([2, 3], sink.Failures.Select(f => f.Position.EventIndex));
        Assert.Equal([Payloads.EventId(2), Payloads.EventId(3)], sink.Failures.Select(f => f.LogEventId));
        Assert.Equal(Payloads.Utf8(events[3].Message), sink.Failures.Last().RawData.ToArray());
    }

    [Fact]
    public void Decode_MessageWithoutEscapes_DecodedFromTheInflatedBytes()
    {
        // A platform line needs no JSON escapes, so it is read in place rather than unescaped into scratch.
        var json = "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"bare words\"},{\"id\":\"2\",\"timestamp\":2,\"message\":\"END RequestId: 5\"}]}";

        var sink = Decode(Payloads.Gzip(json));

        Assert.Equal(["fail:parse-failed", "drop:platform-log-line"], sink.Labels());
        Assert.Equal("bare words"u8.ToArray(), sink.Failures.Single().RawData.ToArray());
    }

    [Fact]
    public void Decode_LogGroupWithEscapes_Unescaped()
    {
        var json = "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"\\/aws\\/lambda\\/t\\u00e9st\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"{\\\"TICKER_SYMBOL\\\":\\\"JIB\\\",\\\"PRICE\\\":1}\"}]}";

        Assert.Equal("/aws/lambda/tést", Decode(Payloads.Gzip(json)).SingleTrade().LogGroup);
    }

    [Fact]
    public void Decode_SameLogGroupInTwoEnvelopes_SameStringInstance()
    {
        var decoder = new RecordDecoder(new DecoderOptions());
        var data = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker())));

        var first = Decode(data, decoder: decoder).SingleTrade();
        var second = Decode(data, decoder: decoder).SingleTrade();

        Assert.Same(first.LogGroup, second.LogGroup);
    }

    public static TheoryData<string, string> InvalidEnvelopes => new()
    {
        { "not json at all", "the JSON is malformed: " },
        { " \n", "the JSON is malformed: " },
        { "\"text\"", "expected a JSON object, got \"text\"" },
        { "[1,2]", "expected a JSON object, got an array" },
        { "{}", "messageType is missing" },
        { "{\"messageType\":\"DATA\",\"logGroup\":\"g\",\"logEvents\":[]}", "messageType must be DATA_MESSAGE or CONTROL_MESSAGE, got \"DATA\"" },
        { "{\"messageType\":7,\"logGroup\":\"g\",\"logEvents\":[]}", "messageType must be DATA_MESSAGE or CONTROL_MESSAGE, got 7" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"messageType\":\"CONTROL_MESSAGE\"}", "messageType appears more than once" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"m\"}]}", "logGroup is missing" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":null,\"logEvents\":[]}", "logGroup must be a string, got null" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\"}", "logEvents is missing" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":{}}", "logEvents must be an array, got an object" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[]}", "logEvents is empty" },
        { "{\"logEvents\":[],\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\"}", "logEvents is empty" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[\"line\"]}", "log event #0 must be an object, got \"line\"" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1}]}", "log event #0 has no message" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"timestamp\":1,\"message\":\"m\"}]}", "log event #0 has no id" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"message\":\"m\"}]}", "log event #0 has no timestamp" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":1,\"timestamp\":1,\"message\":\"m\"}]}", "log event #0: id must be a string, got 1" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":\"1\",\"message\":\"m\"}]}", "log event #0: timestamp must be epoch milliseconds, got \"1\"" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1.5,\"message\":\"m\"}]}", "log event #0: timestamp must be epoch milliseconds, got 1.5" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":{}}]}", "log event #0: message must be a string, got an object" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"a\",\"message\":\"b\"}]}", "log event #0 has more than one message" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"\\uD800\"}]}", "a string is not valid UTF-8 text" },
        { "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"m\"}]} trailing", "the JSON is malformed: " },
        { "{\"messageType\":\"CONTROL_MESSAGE\",\"logEvents\":[}", "the JSON is malformed: " },
    };

    [Theory]
    [MemberData(nameof(InvalidEnvelopes))]
    public void Decode_InflatesToSomethingElse_EnvelopeInvalidWithTheCompressedData(string json, string problem)
    {
        var data = Payloads.Gzip(json);

        var failure = Decode(data).SingleFailure();

        Assert.Equal(ErrorType.EnvelopeInvalid, failure.Type);
        Assert.StartsWith($"Inflated data is not a CloudWatch Logs subscription envelope: {problem}", failure.Message);
        Assert.EndsWith($"(shard {Payloads.Shard}, sequence {Payloads.Sequence})", failure.Message);
        Assert.Equal(data, failure.RawData.ToArray());
        Assert.Null(failure.LogEventId);
        Assert.Equal(new SourcePosition(Payloads.Shard, Payloads.Sequence, SourcePosition.None, SourcePosition.None), failure.Position);
    }

    [Fact]
    public void Decode_EnvelopeBrokenAfterGoodEvents_OnlyTheEnvelopeFailure()
    {
        var json = Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker(), Payloads.Ticker("QXZ")));
        var broken = json[..^1] + ",\"messageType\":\"DATA_MESSAGE\"}";

        Assert.Equal(["fail:envelope-invalid"], Decode(Payloads.Gzip(broken)).Labels());
    }

    [Fact]
    public void Decode_GzipMagicThenGarbage_DecompressionFailed()
    {
        byte[] data = [0x1F, 0x8B, 0x08, 0x00, .. "this is not deflate data at all, sorry"u8];

        var failure = Decode(data).SingleFailure();

        Assert.Equal(ErrorType.DecompressionFailed, failure.Type);
        Assert.Equal($"Data of {data.Length} bytes starts with the gzip magic 1f 8b but is not valid gzip (shard {Payloads.Shard}, sequence {Payloads.Sequence})", failure.Message);
        Assert.Equal(data, failure.RawData.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(50)]
    public void Decode_GzipCutShort_DecompressionFailed(int cut)
    {
        var data = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker(), Payloads.Ticker("QXZ"))));

        var failure = Decode(data[..^cut]).SingleFailure();

        Assert.Equal(ErrorType.DecompressionFailed, failure.Type);
        Assert.Contains("is truncated or followed by bytes that are not gzip", failure.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x1F, 0x8B })]
    public void Decode_GzipFollowedByOtherBytes_DecompressionFailed(byte[] trailing)
    {
        var data = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker())));

        Assert.Equal(["fail:decompression-failed"], Decode([.. data, .. trailing]).Labels());
    }

    [Fact]
    public void Decode_ConcatenatedGzipMembers_InflateAsOneEnvelope()
    {
        var json = Encoding.UTF8.GetBytes(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker(), Payloads.Ticker("QXZ"), Payloads.Ticker("WMT"))));
        var third = json.Length / 3;

        var sink = Decode([.. Payloads.Gzip(json[..third]), .. Payloads.Gzip(json[third..(2 * third)]), .. Payloads.Gzip(json[(2 * third)..])]);

        Assert.Equal(["JIB", "QXZ", "WMT"], sink.Trades.Select(t => t.Symbol));
    }

    [Fact]
    public void Decode_ConcatenatedMembersWithLastOneCut_DecompressionFailed()
    {
        var json = Encoding.UTF8.GetBytes(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker(), Payloads.Ticker("QXZ"))));
        byte[] data = [.. Payloads.Gzip(json[..40]), .. Payloads.Gzip(json[40..])];

        Assert.Equal(["fail:decompression-failed"], Decode(data[..^3]).Labels());
    }

    [Fact]
    public void Decode_EnvelopeOfExactlyTheLimit_DecodedButOneByteMoreIsTooLarge()
    {
        var json = Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker()));
        var size = Encoding.UTF8.GetByteCount(json);
        var data = Payloads.Gzip(json);

        var atLimit = Decode(data, new DecoderOptions { MaxDecompressedBytes = size });
        var pastLimit = Decode(data, new DecoderOptions { MaxDecompressedBytes = size - 1 });

        Assert.Equal(["accept"], atLimit.Labels());
        var failure = pastLimit.SingleFailure();
        Assert.Equal(ErrorType.RecordTooLarge, failure.Type);
        Assert.Equal($"Gzip data of {data.Length} bytes inflates past the limit of {size - 1} bytes (DecoderOptions.MaxDecompressedBytes) (shard {Payloads.Shard}, sequence {Payloads.Sequence})", failure.Message);
        Assert.Equal(data, failure.RawData.ToArray());
    }

    [Fact]
    public void Decode_GzipBombOf100MiB_RecordTooLargeWithBoundedAllocation()
    {
        var bomb = Payloads.Gzip(new byte[100 * 1024 * 1024]);
        var decoder = new RecordDecoder(new DecoderOptions());
        var sink = new RecordingSink();
        var before = GC.GetAllocatedBytesForCurrentThread();

        decoder.Decode(Payloads.Record(bomb), sink);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ErrorType.RecordTooLarge, sink.SingleFailure().Type);
        Assert.True(bomb.Length < 200 * 1024, $"the bomb is {bomb.Length} bytes");

        // The pooled buffer grows to at most limit + 1 (a 16 MiB array) plus the bomb's copy in the failure.
        Assert.True(allocated < 48L * 1024 * 1024, $"allocated {allocated} bytes");
    }
}
