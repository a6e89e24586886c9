using System.Text;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

public class RecordDecoderTests
{
    private static RecordingSink Decode(KinesisRecord record, RecordDecoder? decoder = null)
    {
        var sink = new RecordingSink();
        (decoder ?? new RecordDecoder(new DecoderOptions())).Decode(record, sink);
        return sink;
    }

    private static RecordingSink DecodeMessage(string message) =>
        Decode(Payloads.Record(Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(message)))));

    [Fact]
    public void Decode_PlainJson_AcceptsTradeAtTheRecordPosition()
    {
        var trade = Decode(Payloads.Record(Payloads.Ticker())).SingleTrade();

        Assert.Equal(
            new Trade("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123, new SourcePosition(Payloads.Shard, Payloads.Sequence, SourcePosition.None, SourcePosition.None), null, null, Payloads.ArrivalMs),
            trade);
    }

    [Fact]
    public void Decode_PlainJsonWithoutEventTime_UsesArrivalTime()
    {
        Assert.Equal(Payloads.ArrivalMs, Decode(Payloads.Record(Payloads.Ticker(eventTime: null))).SingleTrade().EventTimeMs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("[INFO]\tnot json")]
    [InlineData("\u001f")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1}\n{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":2}")]
    public void Decode_PlainDataThatIsNotOneObject_ParseFailedWithTheWholeData(string data)
    {
        var failure = Decode(Payloads.Record(data)).SingleFailure();

        Assert.Equal(ErrorType.ParseFailed, failure.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(data), failure.RawData.ToArray());
        Assert.StartsWith("Expected a ticker JSON object, got ", failure.Message);
        Assert.EndsWith($"(shard {Payloads.Shard}, sequence {Payloads.Sequence})", failure.Message);
        Assert.Equal(Payloads.ArrivalMs, failure.ArrivalMs);
    }

    [Fact]
    public void Decode_PlainJsonInvalidTicker_ValidationFailedWithTheWholeData()
    {
        var data = Payloads.Ticker(symbol: "../../etc");

        var failure = Decode(Payloads.Record(data)).SingleFailure();

        Assert.Equal(ErrorType.ValidationFailed, failure.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(data), failure.RawData.ToArray());
    }

    public static TheoryData<string> LogLines => new()
    {
        Payloads.PythonLine(Payloads.Ticker()),
        $"[INFO]\t2023-11-14T22:13:20.123Z\t{Payloads.RequestId}\t{Payloads.Ticker()}\n",
        Payloads.NodeLine(Payloads.Ticker()),
        $"2023-11-14T22:13:20.123Z\t{Payloads.RequestId}\tINFO\tis_save_kinesis {Payloads.Ticker()}\n",
        Payloads.Ticker(),
        Payloads.Ticker() + "\n",
        Payloads.Ticker() + "\r\n  \t",
        $"Processing {{count}} records for {{ user }}: {Payloads.Ticker()}",
        $"note {{\"level\":\"info\"}} then {Payloads.Ticker()}",
        $"{{{{template}}}} {Payloads.Ticker()}",
    };

    [Theory]
    [MemberData(nameof(LogLines))]
    public void Decode_LogLineStyles_AcceptTheTickerWithEventContext(string message)
    {
        var trade = DecodeMessage(message).SingleTrade();

        Assert.Equal(("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123L), (trade.Symbol, trade.Sector, trade.Price, trade.EventTimeMs));
        Assert.Equal(new SourcePosition(Payloads.Shard, Payloads.Sequence, SourcePosition.None, 0), trade.Position);
        Assert.Equal((Payloads.LogGroup, Payloads.EventId(0)), (trade.LogGroup, trade.LogEventId));
    }

    [Theory]
    [InlineData("START RequestId: 79042c19-0576-bd4c-586a-bf8887e79fa4 Version: $LATEST\n")]
    [InlineData("END RequestId: 79042c19-0576-bd4c-586a-bf8887e79fa4\n")]
    [InlineData("REPORT RequestId: 79042c19-0576-bd4c-586a-bf8887e79fa4\tDuration: 2.11 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n")]
    [InlineData("INIT_START Runtime Version: python:3.12.v18\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc\n")]
    [InlineData("INIT_REPORT Init Duration: 10003.11 ms\tPhase: init\tStatus: timeout\n")]
    [InlineData("EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]\n")]
    [InlineData("TELEMETRY\tName: my-extension\tState: Subscribed\tTypes: [Platform]\n")]
    public void Decode_LambdaPlatformLine_DroppedAsPlatformLogLine(string message)
    {
        Assert.Equal(["drop:platform-log-line"], DecodeMessage(message).Labels());
    }

    [Theory]
    [InlineData("[INFO]\t2023-11-14T22:13:20.123Z\t79042c19\tsaved 3 tickers\n")]
    [InlineData("[ERROR] KeyError: 'PRICE' in {price}\n")]
    [InlineData("ticker {\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1} done\n")]
    [InlineData("ticker {\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1\n")]
    [InlineData("start RequestId: lower-case is not the platform\n")]
    public void Decode_LogLineWithoutTickerObject_ParseFailedWithTheMessageBytes(string message)
    {
        var failure = DecodeMessage(message).SingleFailure();

        Assert.Equal(ErrorType.ParseFailed, failure.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(message), failure.RawData.ToArray());
        Assert.Equal(Payloads.EventId(0), failure.LogEventId);
        Assert.Equal(new SourcePosition(Payloads.Shard, Payloads.Sequence, SourcePosition.None, 0), failure.Position);
        Assert.StartsWith("Expected a ticker JSON object in the log message, found none in \"", failure.Message);
        Assert.EndsWith($", log event #0, log event id {Payloads.EventId(0)})", failure.Message);
    }

    [Fact]
    public void Decode_LogLineWithInvalidTicker_ValidationFailedWithTheMessageBytes()
    {
        var message = Payloads.PythonLine(Payloads.Ticker(price: -2));

        var failure = DecodeMessage(message).SingleFailure();

        Assert.Equal(ErrorType.ValidationFailed, failure.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(message), failure.RawData.ToArray());
        Assert.StartsWith("PRICE must be a positive number, got -2 (", failure.Message);
    }

    [Fact]
    public void Decode_LogLineOfManyBraceCandidates_ParseFailedAfterBoundedAttempts()
    {
        var message = string.Concat(Enumerable.Repeat("{\"a\" ", 20_000)) + "}";

        Assert.Equal(["fail:parse-failed"], DecodeMessage(message).Labels());
    }

    [Fact]
    public void Decode_TickerAfterTooManyFailedCandidates_ParseFailed()
    {
        // 16 candidates are tried; the 17th would have been the ticker.
        var message = string.Concat(Enumerable.Repeat("{\"a\" x ", 16)) + Payloads.Ticker();
        var withinLimit = string.Concat(Enumerable.Repeat("{\"a\" x ", 15)) + Payloads.Ticker();

        Assert.Equal(["fail:parse-failed"], DecodeMessage(message).Labels());
        Assert.Equal(["accept"], DecodeMessage(withinLimit).Labels());
    }

    [Fact]
    public void Decode_SameSymbolAcrossRecords_SameStringInstance()
    {
        var decoder = new RecordDecoder(new DecoderOptions());

        var first = Decode(Payloads.Record(Payloads.Ticker()), decoder).SingleTrade();
        var second = DecodeMessage(Payloads.PythonLine(Payloads.Ticker()));
        var third = Decode(Payloads.Record(Payloads.Ticker()), decoder).SingleTrade();

        Assert.Same(first.Symbol, third.Symbol);
        Assert.Same(first.Sector, third.Sector);
        Assert.Equal(first.Symbol, second.SingleTrade().Symbol);
    }

    [Fact]
    public void DecoderOptions_Defaults_Are10MiB4096And15Minutes()
    {
        var options = new DecoderOptions();

        Assert.Equal(10 * 1024 * 1024, options.MaxDecompressedBytes);
        Assert.Equal(4096, options.MaxInternedValues);
        Assert.Equal(15 * 60_000, options.MaxFutureSkewMs);
    }

    [Fact]
    public void Constructor_NegativeMaxFutureSkew_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RecordDecoder(new DecoderOptions { MaxFutureSkewMs = -1 }));

        Assert.Equal(("DecoderOptions.MaxFutureSkewMs", "-1"), (error.Setting, error.Value));
    }

    [Fact]
    public void Decode_RecordWithCaptureProblem_OneCaptureLineInvalidErrorCarryingTheLine()
    {
        var line = Encoding.UTF8.GetBytes("""{"SequenceNumber":"7","Data":"!!!"}""");
        var record = new KinesisRecord("shardId-000000000000", "7", "", Payloads.ArrivalMs, line) { CaptureProblem = "Capture line 7 is not a valid Kinesis record: Data is not valid base64" };

        var failure = Decode(record).SingleFailure();

        Assert.Equal(ErrorType.CaptureLineInvalid, failure.Type);
        Assert.Equal("Capture line 7 is not a valid Kinesis record: Data is not valid base64 (shard shardId-000000000000, sequence 7)", failure.Message);
        Assert.Equal(line, failure.RawData.ToArray());
        Assert.Equal(Payloads.ArrivalMs, failure.ArrivalMs);
    }

    [Fact]
    public void Decode_CaptureProblemWhoseFallbackArrivalIsOutOfRange_ErrorDatedTheEpoch()
    {
        var record = new KinesisRecord("shardId-000000000000", "1", "", -5, "x"u8.ToArray()) { CaptureProblem = "Capture line 1 is broken" };

        var failure = Decode(record).SingleFailure();

        Assert.Equal((ErrorType.CaptureLineInvalid, 0L), (failure.Type, failure.ArrivalMs));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1_000_000_000_000_000_000L)]
    [InlineData(long.MinValue)]
    public void Decode_ArrivalTimeOutOfRange_OneEventTimeErrorDatedTheEpochWhateverTheData(long arrivalMs)
    {
        var envelope = Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.PythonLine(Payloads.Ticker()), Payloads.PythonLine(Payloads.Ticker()))));

        foreach (var data in new[] { Encoding.UTF8.GetBytes(Payloads.Ticker()), envelope, Payloads.Aggregate(Encoding.UTF8.GetBytes(Payloads.Ticker())), [0x1f, 0x8b, 0] })
        {
            var failure = Decode(Payloads.Record(data, arrivalMs: arrivalMs)).SingleFailure();

            Assert.Equal((ErrorType.EventTimeOutOfRange, 0L), (failure.Type, failure.ArrivalMs));
            Assert.Equal(data, failure.RawData.ToArray());
            Assert.Contains($"arrival time {arrivalMs} ms since the epoch is outside", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_SkewOption_ReachesTheTransformForEveryKindOfData()
    {
        var decoder = new RecordDecoder(new DecoderOptions { MaxFutureSkewMs = 1_000 });
        var ahead = Payloads.Ticker(eventTime: Payloads.ArrivalMs + 1_001);
        var within = Payloads.Ticker(eventTime: Payloads.ArrivalMs + 1_000);

        Assert.Equal(["fail:event-time-out-of-range"], Decode(Payloads.Record(ahead), decoder).Labels());
        Assert.Equal(["accept"], Decode(Payloads.Record(within), decoder).Labels());
        Assert.Equal(["fail:event-time-out-of-range", "accept"], Decode(Payloads.Record(Payloads.Aggregate(Encoding.UTF8.GetBytes(ahead), Encoding.UTF8.GetBytes(within))), decoder).Labels());
        Assert.Equal(
            ["fail:event-time-out-of-range", "accept"],
            Decode(Payloads.Record(Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(Payloads.PythonLine(ahead), Payloads.PythonLine(within))))), decoder).Labels());
    }

    [Fact]
    public void Decode_LogLineWithNaNInTheTicker_ParseFailedNamingNaNAndWhereInTheMessage()
    {
        var failure = DecodeMessage("[INFO]\t{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":NaN}\n").SingleFailure();

        Assert.Equal(ErrorType.ParseFailed, failure.Type);
        Assert.Contains("; the object at byte 7: NaN at byte 38: JSON has no NaN or Infinity literals (", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EnvelopeWithInfinity_EnvelopeInvalidNamingTheLiteral()
    {
        var json = Payloads.DataEnvelopeJson(Payloads.Events(Payloads.PythonLine(Payloads.Ticker()))).Replace("\"timestamp\":1700000000000", "\"timestamp\":-Infinity", StringComparison.Ordinal);

        var failure = Decode(Payloads.Record(Payloads.Gzip(json))).SingleFailure();

        Assert.Equal(ErrorType.EnvelopeInvalid, failure.Type);
        Assert.Contains("the JSON is malformed: -Infinity at byte ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EnvelopeNestedTooDeep_EnvelopeInvalidNamingTheDepth()
    {
        var json = "{\"messageType\":\"DATA_MESSAGE\",\"x\":" + new string('[', 70) + new string(']', 70) + "}";

        var failure = Decode(Payloads.Record(Payloads.Gzip(json))).SingleFailure();

        Assert.Equal(ErrorType.EnvelopeInvalid, failure.Type);
        Assert.Contains("nesting deeper than 64 levels at byte ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "DecoderOptions.MaxDecompressedBytes", "0")]
    [InlineData(-5, "DecoderOptions.MaxDecompressedBytes", "-5")]
    [InlineData(int.MaxValue, "DecoderOptions.MaxDecompressedBytes", "2147483647")]
    public void Constructor_MaxDecompressedBytesOutOfRange_ThrowsNamingTheSetting(int value, string setting, string shown)
    {
        var error = Assert.Throws<ConfigurationException>(() => new RecordDecoder(new DecoderOptions { MaxDecompressedBytes = value }));

        Assert.Equal((setting, shown), (error.Setting, error.Value));
        Assert.Contains("from 1 to 2147483590", error.Message);
    }

    [Fact]
    public void Constructor_NegativeMaxInternedValues_Throws()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RecordDecoder(new DecoderOptions { MaxInternedValues = -1 }));

        Assert.Equal("DecoderOptions.MaxInternedValues", error.Setting);
    }

    [Fact]
    public void Decode_CalledAgainFromItsOwnSink_ThrowsBecauseItIsOnePerThread()
    {
        var decoder = new RecordDecoder(new DecoderOptions());
        var sink = new ReentrantSink(decoder);

        var error = Assert.Throws<InvalidOperationException>(() => decoder.Decode(Payloads.Record(Payloads.Ticker()), sink));

        Assert.Contains("one instance per thread", error.Message);
        Assert.Equal(["accept"], Decode(Payloads.Record(Payloads.Ticker()), decoder).Labels());
    }

    private sealed class ReentrantSink(RecordDecoder decoder) : ITransformSink
    {
        public void Accept(in Trade trade) => decoder.Decode(Payloads.Record(Payloads.Ticker()), this);

        public void Drop(DropReason reason)
        {
        }

        public void Fail(ErrorRecord error)
        {
        }
    }
}
