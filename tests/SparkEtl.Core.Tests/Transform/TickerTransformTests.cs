using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tests.Decoding;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Transform;

public class TickerTransformTests
{
    private static readonly SourcePosition Position = new("shardId-000000000001", "49600000000000000000000001000000000000000000000000000007", SourcePosition.None, 2);

    private static readonly TickerSource InEnvelope = new(Position, 1_700_000_009_000, "/aws/lambda/ticker", "36000000000000000000000000000000000000000000000000000003", 1_700_000_005_000);

    private static readonly TickerSource Plain = new(Position with { EventIndex = SourcePosition.None }, 1_700_000_009_000);

    private static RecordingSink Run(string json, TickerSource? source = null, TickerTransform? transform = null)
    {
        var sink = new RecordingSink();
        (transform ?? new TickerTransform()).Transform(Encoding.UTF8.GetBytes(json), source ?? InEnvelope, sink);
        return sink;
    }

    private static ErrorRecord Failure(string json, ErrorType type = ErrorType.ValidationFailed)
    {
        var failure = Run(json).SingleFailure();
        Assert.Equal(type, failure.Type);
        return failure;
    }

    [Fact]
    public void Transform_UpperCaseRecord_AcceptsTradeWithLineageAndDropsChange()
    {
        var trade = Run("""{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":44.89,"EVENT_TIME":1700000000123}""").SingleTrade();

        Assert.Equal(new Trade("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123, Position, "/aws/lambda/ticker", InEnvelope.LogEventId, InEnvelope.ArrivalMs), trade);
    }

    [Theory]
    [InlineData("""{"ticker_symbol":"JIB","sector":"AUTOMOBILE","price":44.89,"event_time":1700000000123}""")]
    [InlineData("""{"Ticker_Symbol":"JIB","Sector":"AUTOMOBILE","Price":44.89,"Event_Time":1700000000123}""")]
    [InlineData("""{"tIcKeR_sYmBoL":"JIB","SECTOR":"AUTOMOBILE","pRiCe":44.89,"EVENT_time":1700000000123}""")]
    [InlineData("""{"\u0054ICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","PRICE":44.89,"EVENT_TIME":1700000000123}""")]
    [InlineData("""{"EVENT_TIME":1700000000123,"PRICE":44.89,"SECTOR":"AUTOMOBILE","TICKER_SYMBOL":"JIB"}""")]
    public void Transform_FieldNameCaseAndOrderVariants_AcceptSameTrade(string json)
    {
        var trade = Run(json).SingleTrade();

        Assert.Equal(("JIB", "AUTOMOBILE", 44.89, 1_700_000_000_123L), (trade.Symbol, trade.Sector, trade.Price, trade.EventTimeMs));
    }

    [Theory]
    [InlineData("\"JIB\"", "JIB")]
    [InlineData("\"BRK.B\"", "BRK.B")]
    [InlineData("\"BF-B\"", "BF-B")]
    [InlineData("\"^GSPC\"", "^GSPC")]
    [InlineData("\"ES=F\"", "ES=F")]
    [InlineData("\"RDS_A\"", "RDS_A")]
    [InlineData("\"7203\"", "7203")]
    [InlineData("\"brk.b\"", "brk.b")]
    [InlineData("\"A\"", "A")]
    [InlineData("\"ABCDEFGHIJKLMNOP\"", "ABCDEFGHIJKLMNOP")]
    [InlineData("\"BRK\\u002EB\"", "BRK.B")]
    public void Transform_ValidSymbol_KeptAsSent(string symbolJson, string expected)
    {
        var trade = Run($$"""{"TICKER_SYMBOL":{{symbolJson}},"PRICE":1}""").SingleTrade();

        Assert.Equal(expected, trade.Symbol);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"../etc\"")]
    [InlineData("\"..\"")]
    [InlineData("\"BRK..B\"")]
    [InlineData("\"a/b\"")]
    [InlineData("\"\\/etc\"")]
    [InlineData("\"a\\\\b\"")]
    [InlineData("\"%2F\"")]
    [InlineData("\"=\"")]
    [InlineData("\"==\"")]
    [InlineData("\"^\"")]
    [InlineData("\".A\"")]
    [InlineData("\"-A\"")]
    [InlineData("\"_A\"")]
    [InlineData("\"A B\"")]
    [InlineData("\" JIB\"")]
    [InlineData("\"JIB\\n\"")]
    [InlineData("\"JIB\\t\"")]
    [InlineData("\"\\u0000\"")]
    [InlineData("\"J\u007fB\"")]
    [InlineData("\"ÄBC\"")]
    [InlineData("\"ABCDEFGHIJKLMNOPQ\"")]
    [InlineData("\"\\uD800\"")]
    public void Transform_InvalidSymbol_ValidationFailed(string symbolJson)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":{{symbolJson}},"PRICE":1}""");

        Assert.StartsWith("TICKER_SYMBOL must be 1 to 16 characters of letters, digits and . - _ ^ =, starting with a letter, digit or ^, got \"", failure.Message);
    }

    [Theory]
    [InlineData("42", "got 42")]
    [InlineData("null", "got null")]
    [InlineData("true", "got true")]
    [InlineData("{\"a\":1}", "got an object")]
    [InlineData("[\"JIB\"]", "got an array")]
    public void Transform_SymbolNotAString_ValidationFailedNamingTheKind(string symbolJson, string found)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":{{symbolJson}},"PRICE":1}""");

        Assert.StartsWith($"TICKER_SYMBOL must be a string, {found} (", failure.Message);
    }

    [Fact]
    public void Transform_MissingSymbol_ValidationFailed()
    {
        var failure = Failure("""{"SECTOR":"RETAIL","PRICE":1}""");

        Assert.StartsWith("TICKER_SYMBOL is required, found no TICKER_SYMBOL field (", failure.Message);
    }

    [Theory]
    [InlineData("44.89", 44.89)]
    [InlineData("\"44.89\"", 44.89)]
    [InlineData("0.01", 0.01)]
    [InlineData("1e-3", 0.001)]
    [InlineData("\"1E2\"", 100.0)]
    [InlineData("\"+5\"", 5.0)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    public void Transform_ValidPrice_Accepted(string priceJson, double expected)
    {
        var trade = Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":{{priceJson}}}""").SingleTrade();

        Assert.Equal(expected, trade.Price);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("-1", "-1")]
    [InlineData("\"abc\"", "\"abc\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"44,89\"", "\"44,89\"")]
    [InlineData("\" 44.89\"", "\" 44.89\"")]
    [InlineData("\"0x10\"", "\"0x10\"")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("[44.89]", "an array")]
    public void Transform_InvalidPrice_ValidationFailedShowingWhatWasFound(string priceJson, string shown)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"JIB","PRICE":{{priceJson}}}""");

        Assert.StartsWith($"PRICE must be a positive number, got {shown} (", failure.Message);
    }

    [Theory]
    [InlineData("\"NaN\"", "got \"NaN\", which is NaN (not a number) (")]
    [InlineData("\"Infinity\"", "got \"Infinity\", which is infinite (")]
    [InlineData("\"-Infinity\"", "got \"-Infinity\", which is infinite (")]
    [InlineData("1e400", "got 1e400, which is infinite (")]
    public void Transform_NonFinitePrice_ValidationFailedNamingNaNOrInfinity(string priceJson, string expected)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"JIB","PRICE":{{priceJson}}}""");

        Assert.StartsWith($"PRICE must be a positive number, {expected}", failure.Message);
    }

    [Theory]
    [InlineData("NaN", "NaN at byte 31: JSON has no NaN or Infinity literals")]
    [InlineData("Infinity", "Infinity at byte 31: JSON has no NaN or Infinity literals")]
    [InlineData("-Infinity", "-Infinity at byte 31: JSON has no NaN or Infinity literals")]
    public void Transform_NaNOrInfinityLiteral_ParseFailedNamingTheLiteral(string literal, string expected)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"JIB","PRICE":{{literal}}}""", ErrorType.ParseFailed);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_MissingPrice_ValidationFailed()
    {
        var failure = Failure("""{"TICKER_SYMBOL":"JIB","CHANGE":0.5}""");

        Assert.StartsWith("PRICE is required, found no PRICE field (", failure.Message);
    }

    [Fact]
    public void Transform_BadPrice_MessageSaysExpectedFoundAndWhere()
    {
        var failure = Failure("""{"TICKER_SYMBOL":"JIB","PRICE":"abc"}""");

        Assert.Equal(
            "PRICE must be a positive number, got \"abc\" (shard shardId-000000000001, sequence 49600000000000000000000001000000000000000000000000000007, "
            + "log event #2, log event id 36000000000000000000000000000000000000000000000000000003)",
            failure.Message);
        Assert.Equal(Position, failure.Position);
        Assert.Equal(InEnvelope.LogEventId, failure.LogEventId);
        Assert.Equal(InEnvelope.ArrivalMs, failure.ArrivalMs);
    }

    [Fact]
    public void Transform_FailureOutsideEnvelope_MessageNamesThePositionOnly()
    {
        var failure = Run("""{"TICKER_SYMBOL":"JIB","PRICE":-3}""", Plain).SingleFailure();

        Assert.Equal("PRICE must be a positive number, got -3 (shard shardId-000000000001, sequence 49600000000000000000000001000000000000000000000000000007)", failure.Message);
        Assert.Null(failure.LogEventId);
    }

    [Fact]
    public void Transform_LongFoundValue_TruncatedInMessage()
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"{{new string('/', 5000)}}","PRICE":1}""");

        Assert.Contains("got \"" + new string('/', 64) + "…\"", failure.Message);
        Assert.True(failure.Message.Length < 400, failure.Message);
    }

    [Fact]
    public void Transform_ControlCharacterInFoundValue_EscapedInMessage()
    {
        var failure = Failure("{\"TICKER_SYMBOL\":\"A\u007fB\",\"PRICE\":1}");

        Assert.Contains("got \"A\\u007fB\"", failure.Message);
    }

    [Theory]
    [InlineData("1700000000123", 1_700_000_000_123L)]
    [InlineData("\"1700000000123\"", 1_700_000_000_123L)]
    [InlineData("1700000000123.0", 1_700_000_000_123L)]
    [InlineData("1.700000000123e12", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14T22:13:20.123Z\"", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14T22:13:20Z\"", 1_700_000_000_000L)]
    [InlineData("\"2023-11-14T22:13:20.1Z\"", 1_700_000_000_100L)]
    [InlineData("\"2023-11-14T22:13:20.123456789Z\"", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14T23:13:20.123+01:00\"", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14T17:13:20.123-0500\"", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14t22:13:20.123z\"", 1_700_000_000_123L)]
    [InlineData("\"2023-11-14 22:13:20.123Z\"", 1_700_000_000_123L)]
    [InlineData("\"2024-02-29T00:00:00Z\"", 1_709_164_800_000L)]
    [InlineData("0", 0L)]
    [InlineData("\"1970-01-01T00:00:00Z\"", 0L)]
    [InlineData("253402300799999", 253_402_300_799_999L)]
    [InlineData("\"9999-12-31T23:59:59.999Z\"", 253_402_300_799_999L)]
    public void Transform_EventTimeVariants_Accepted(string eventTimeJson, long expectedMs)
    {
        // Any future skew allowed: this is about how event times are written, not how far ahead they may be.
        var trade = Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{eventTimeJson}}}""", transform: new TickerTransform(4096, long.MaxValue)).SingleTrade();

        Assert.Equal(expectedMs, trade.EventTimeMs);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"1700000000123.5\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"2023-11-14T22:13:20\"")]
    [InlineData("\"2023-11-14T22:13:20.123\"")]
    [InlineData("\"2023-11-14\"")]
    [InlineData("\"2023-13-01T00:00:00Z\"")]
    [InlineData("\"2023-02-29T00:00:00Z\"")]
    [InlineData("\"2023-11-14T24:00:00Z\"")]
    [InlineData("\"2023-11-14T22:13:60Z\"")]
    [InlineData("\"2023-11-14T22:13:20.Z\"")]
    [InlineData("\"2023-11-14T22:13:20.1234567890Z\"")]
    [InlineData("\"2023-11-14T22:13:20+1:00\"")]
    [InlineData("\"0000-01-01T00:00:00Z\"")]
    [InlineData("\" 1700000000123\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Transform_MalformedEventTime_ValidationFailed(string eventTimeJson)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{eventTimeJson}}}""");

        Assert.StartsWith("EVENT_TIME must be whole epoch milliseconds or an ISO-8601 time with a zone, got ", failure.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"-1\"")]
    [InlineData("253402300800000")]
    [InlineData("1e300")]
    [InlineData("99999999999999999999")]
    [InlineData("\"1969-12-31T23:59:59.999Z\"")]
    [InlineData("\"1970-01-01T00:30:00+01:00\"")]
    [InlineData("\"9999-12-31T23:59:59-01:00\"")]
    public void Transform_EventTimeOutsideTheYears1970To9999_EventTimeOutOfRange(string eventTimeJson)
    {
        // Whatever skew is allowed: these times name no day a partition can have.
        var failure = Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{eventTimeJson}}}""", transform: new TickerTransform(4096, long.MaxValue)).SingleFailure();

        Assert.Equal(ErrorType.EventTimeOutOfRange, failure.Type);
        Assert.Contains($"(from EVENT_TIME {eventTimeJson}) is outside 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z; the record arrived at 2023-11-14T22:13:29.000Z", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("(event.maxFutureSkew) (shard shardId-000000000001, sequence 49600000000000000000000001000000000000000000000000000007, log event #2, log event id 36000000000000000000000000000000000000000000000000000003)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(InEnvelope.ArrivalMs, failure.ArrivalMs);
    }

    [Fact]
    public void Transform_YearNineThousandNineHundredNinetyNine_EventTimeOutOfRangeNamingEventArrivalAndSkew()
    {
        var failure = Failure("""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":"9999-12-31T00:00:00Z"}""", ErrorType.EventTimeOutOfRange);

        Assert.StartsWith(
            "Event time 9999-12-31T00:00:00.000Z (from EVENT_TIME \"9999-12-31T00:00:00Z\") is 2913220d 1h 46m 31s (251702214391000 ms) after the record's arrival at "
            + "2023-11-14T22:13:29.000Z, more than the allowed future skew of 15m (900000 ms) (event.maxFutureSkew) (shard shardId-000000000001, sequence ",
            failure.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(899_999, true)]
    [InlineData(900_000, true)]
    [InlineData(900_001, false)]
    [InlineData(-86_400_000, true)]
    public void Transform_EventTimeAheadOfArrival_AcceptedUpToTheAllowedSkew(long aheadMs, bool accepted)
    {
        var json = $$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{InEnvelope.ArrivalMs + aheadMs}}}""";

        var result = Assert.Single(Run(json).Results);

        Assert.Equal(accepted ? "accept" : "fail:event-time-out-of-range", result.Label);
    }

    [Fact]
    public void Transform_SkewSetToZero_EventTimeMayNotPassArrival()
    {
        var transform = new TickerTransform(4096, 0);

        Assert.Equal("accept", Assert.Single(Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{InEnvelope.ArrivalMs}}}""", transform: transform).Results).Label);
        Assert.Equal("fail:event-time-out-of-range", Assert.Single(Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":{{InEnvelope.ArrivalMs + 1}}}""", transform: transform).Results).Label);
    }

    [Fact]
    public void Transform_LogEventTimestampFarAheadOfArrival_EventTimeOutOfRangeNamingTheTimestamp()
    {
        var source = InEnvelope with { LogEventTimestampMs = InEnvelope.ArrivalMs + 3_600_000 };

        var failure = Run("""{"TICKER_SYMBOL":"JIB","PRICE":1}""", source).SingleFailure();

        Assert.Equal(ErrorType.EventTimeOutOfRange, failure.Type);
        Assert.StartsWith("Event time 2023-11-14T23:13:29.000Z (from the log event timestamp) is 1h (3600000 ms) after the record's arrival", failure.Message);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(253_402_300_800_000L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Transform_LogEventTimestampOutOfRange_EventTimeOutOfRange(long timestampMs)
    {
        var failure = Run("""{"TICKER_SYMBOL":"JIB","PRICE":1}""", InEnvelope with { LogEventTimestampMs = timestampMs }).SingleFailure();

        Assert.Equal(ErrorType.EventTimeOutOfRange, failure.Type);
        Assert.StartsWith($"Event time {timestampMs} ms since the epoch (from the log event timestamp) is outside 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z", failure.Message);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void Transform_ArrivalTimeOutOfRange_OneEventTimeErrorDatedTheEpochNamingTheArrival(long arrivalMs)
    {
        var failure = Run("""{"TICKER_SYMBOL":"JIB","PRICE":1}""", Plain with { ArrivalMs = arrivalMs }).SingleFailure();

        Assert.Equal(ErrorType.EventTimeOutOfRange, failure.Type);
        Assert.Equal(0, failure.ArrivalMs);
        Assert.StartsWith($"The record's arrival time {arrivalMs} ms since the epoch is outside 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z", failure.Message);
        Assert.EndsWith("this row is dated 1970-01-01T00:00:00.000Z instead (shard shardId-000000000001, sequence 49600000000000000000000001000000000000000000000000000007)", failure.Message);
    }

    [Fact]
    public void Transform_ValidationProblemAndEventTimeOutOfRange_TheValidationProblemIsReported()
    {
        Assert.StartsWith("PRICE must be a positive number", Failure("""{"TICKER_SYMBOL":"JIB","PRICE":0,"EVENT_TIME":"9999-12-31T00:00:00Z"}""").Message);
    }

    [Fact]
    public void Constructor_NegativeSkew_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TickerTransform(4096, -1));
    }

    [Fact]
    public void Constructor_Default_Allows15MinutesOfFutureSkew()
    {
        Assert.Equal(900_000, new TickerTransform().MaxFutureSkewMs);
        Assert.Equal(900_000, TickerTransform.DefaultMaxFutureSkewMs);
    }

    [Theory]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1}""")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":null}""")]
    public void Transform_NoEventTime_UsesLogEventTimestamp(string json)
    {
        Assert.Equal(InEnvelope.LogEventTimestampMs, Run(json).SingleTrade().EventTimeMs);
    }

    [Fact]
    public void Transform_NoEventTimeAndNoLogEvent_UsesArrivalTime()
    {
        Assert.Equal(Plain.ArrivalMs, Run("""{"TICKER_SYMBOL":"JIB","PRICE":1}""", Plain).SingleTrade().EventTimeMs);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(",\"SECTOR\":null", null)]
    [InlineData(",\"SECTOR\":\"AUTOMOBILE\"", "AUTOMOBILE")]
    [InlineData(",\"SECTOR\":\"\"", "")]
    [InlineData(",\"sector\":\"Consumer Discretionary\"", "Consumer Discretionary")]
    [InlineData(",\"SECTOR\":\"Énergie & Services\"", "Énergie & Services")]
    [InlineData(",\"SECTOR\":\"\\u00c9nergie\"", "Énergie")]
    [InlineData(",\"SECTOR\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Transform_ValidOrAbsentSector_KeptAsSent(string sectorField, string? expected)
    {
        var trade = Run($$"""{"TICKER_SYMBOL":"JIB","PRICE":1{{sectorField}}}""").SingleTrade();

        Assert.Equal(expected, trade.Sector);
    }

    [Theory]
    [InlineData("\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"")]
    [InlineData("\"RETAIL\\n\"")]
    [InlineData("\"RE\\u0000TAIL\"")]
    [InlineData("\"RE\u007fTAIL\"")]
    [InlineData("\"RE\u0085TAIL\"")]
    [InlineData("\"\\uDC00\"")]
    public void Transform_InvalidSector_ValidationFailed(string sectorJson)
    {
        var failure = Failure($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"SECTOR":{{sectorJson}}}""");

        Assert.StartsWith("SECTOR must be a string of at most 64 characters without control characters, got \"", failure.Message);
    }

    [Fact]
    public void Transform_SectorNotAString_ValidationFailed()
    {
        Assert.StartsWith("SECTOR must be a string, got 7 (", Failure("""{"TICKER_SYMBOL":"JIB","PRICE":1,"SECTOR":7}""").Message);
    }

    [Theory]
    [InlineData("SECTOR", 44)]
    [InlineData("comment", 45)]
    public void Transform_InvalidUtf8AnywhereInTheObject_ParseFailedNamingTheByte(string field, int offset)
    {
        // RFC 8259 §8.1: JSON text is UTF-8. A field the transform does not keep is no exception.
        byte[] json = [.. Encoding.UTF8.GetBytes($$"""{"TICKER_SYMBOL":"JIB","PRICE":1,"{{field}}":"A"""), 0xC3, 0x28, .. "\"}"u8];
        var sink = new RecordingSink();

        new TickerTransform().Transform(json, InEnvelope, sink);

        var failure = sink.SingleFailure();
        Assert.Equal(ErrorType.ParseFailed, failure.Type);
        Assert.Contains($"invalid UTF-8 at byte {offset} (0xc3): JSON text must be UTF-8", failure.Message, StringComparison.Ordinal);
        Assert.Equal(json, failure.RawData.ToArray());
    }

    [Theory]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"price":2}""", "PRICE must appear once, found 2 PRICE fields")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","ticker_symbol":"JIB","PRICE":1}""", "TICKER_SYMBOL must appear once, found 2 TICKER_SYMBOL fields")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"Sector":"A","SECTOR":"B","sector":"C"}""", "SECTOR must appear once, found 3 SECTOR fields")]
    [InlineData("""{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":1,"event_time":2}""", "EVENT_TIME must appear once, found 2 EVENT_TIME fields")]
    public void Transform_FieldGivenTwice_ValidationFailed(string json, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Failure(json).Message);
    }

    [Fact]
    public void Transform_UnknownAndNestedFields_Ignored()
    {
        var trade = Run("""{"meta":{"PRICE":-1,"TICKER_SYMBOL":"NO","deep":[[{"x":1}]]},"TICKER_SYMBOL":"JIB","tags":["a",{"PRICE":0}],"PRICE":2.5,"CHANGE":"junk","TICKER":"X"}""").SingleTrade();

        Assert.Equal(("JIB", 2.5), (trade.Symbol, trade.Price));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("\"JIB\"")]
    [InlineData("42")]
    [InlineData("{")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":}")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1} x")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1}{}")]
    [InlineData("{'TICKER_SYMBOL':'JIB','PRICE':1}")]
    [InlineData("{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1,}")]
    public void Transform_NotOneJsonObject_ParseFailedWithTheData(string text)
    {
        var failure = Failure(text, ErrorType.ParseFailed);

        Assert.StartsWith("Expected a ticker JSON object, got ", failure.Message);
        Assert.Equal(Encoding.UTF8.GetBytes(text), failure.RawData.ToArray());
    }

    [Fact]
    public void Transform_WhitespaceAroundObject_Accepted()
    {
        Assert.Equal("JIB", Run(" \r\n\t{\"TICKER_SYMBOL\":\"JIB\",\"PRICE\":1}\r\n ").SingleTrade().Symbol);
    }

    [Fact]
    public void Transform_DeeplyNestedUnknownField_ParseFailedNamingTheDepth()
    {
        var nested = new string('[', 100) + new string(']', 100);

        var failure = Failure($$"""{"x":{{nested}},"TICKER_SYMBOL":"JIB","PRICE":1}""", ErrorType.ParseFailed);

        Assert.EndsWith(": nesting deeper than 64 levels at byte 68 (shard shardId-000000000001, sequence 49600000000000000000000001000000000000000000000000000007, log event #2, log event id 36000000000000000000000000000000000000000000000000000003)", failure.Message);
    }

    [Fact]
    public void Transform_RawControlCharacterInAString_ParseFailedNamingIt()
    {
        var failure = Failure("{\"TICKER_SYMBOL\":\"J\u0001B\",\"PRICE\":1}", ErrorType.ParseFailed);

        Assert.Contains("a raw control character U+0001 inside a string at byte 19: control characters must be escaped", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_FailureRawData_IsACopyTheCallerCanReuse()
    {
        var buffer = Encoding.UTF8.GetBytes("""{"TICKER_SYMBOL":"JIB","PRICE":0}""");
        var sink = new RecordingSink();

        new TickerTransform().Transform(buffer, InEnvelope, sink);
        Array.Fill(buffer, (byte)'x');

        Assert.Equal("""{"TICKER_SYMBOL":"JIB","PRICE":0}""", Encoding.UTF8.GetString(sink.SingleFailure().RawData.Span));
    }

    [Fact]
    public void Transform_RepeatedSymbolAndSector_ReturnSameInstances()
    {
        var transform = new TickerTransform();
        var first = Run("""{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","PRICE":1}""", transform: transform).SingleTrade();
        var second = Run("""{"ticker_symbol":"JIB","sector":"AUTOMOBILE","price":2}""", transform: transform).SingleTrade();
        var escaped = Run("""{"TICKER_SYMBOL":"J\u0049B","PRICE":3}""", transform: transform).SingleTrade();

        Assert.Same(first.Symbol, second.Symbol);
        Assert.Same(first.Symbol, escaped.Symbol);
        Assert.Same(first.Sector, second.Sector);
        Assert.Equal(1, transform.InternedSymbolCount);
    }

    [Fact]
    public void Transform_InternPoolFull_StillDecodesButStopsGrowing()
    {
        var transform = new TickerTransform(maxInternedValues: 2);
        foreach (var symbol in new[] { "AAA", "BBB", "CCC", "DDD" })
        {
            Run($$"""{"TICKER_SYMBOL":"{{symbol}}","PRICE":1}""", transform: transform).SingleTrade();
        }

        var pooled = new[] { Run("""{"TICKER_SYMBOL":"AAA","PRICE":1}""", transform: transform).SingleTrade().Symbol, Run("""{"TICKER_SYMBOL":"AAA","PRICE":1}""", transform: transform).SingleTrade().Symbol };
        var unpooled = new[] { Run("""{"TICKER_SYMBOL":"CCC","PRICE":1}""", transform: transform).SingleTrade().Symbol, Run("""{"TICKER_SYMBOL":"CCC","PRICE":1}""", transform: transform).SingleTrade().Symbol };

        Assert.Equal(2, transform.InternedSymbolCount);
        Assert.Same(pooled[0], pooled[1]);
        Assert.Equal("CCC", unpooled[1]);
        Assert.NotSame(unpooled[0], unpooled[1]);
    }

    [Fact]
    public void Transform_CalledAgainFromItsOwnSink_ThrowsBecauseItIsOnePerThread()
    {
        var transform = new TickerTransform();
        var sink = new ReentrantSink(transform);

        var error = Assert.Throws<InvalidOperationException>(() => transform.Transform("""{"TICKER_SYMBOL":"JIB","PRICE":1}"""u8, Plain, sink));

        Assert.Contains("one instance per thread", error.Message);
    }

    [Fact]
    public void Constructor_Default_InternsUpTo4096ValuesEach()
    {
        Assert.Equal(4096, TickerTransform.DefaultMaxInternedValues);
        var transform = new TickerTransform();
        for (var i = 0; i < 5000; i++)
        {
            Run($$"""{"TICKER_SYMBOL":"S{{i}}","PRICE":1}""", transform: transform).SingleTrade();
        }

        Assert.Equal(4096, transform.InternedSymbolCount);
    }

    private sealed class ReentrantSink(TickerTransform transform) : ITransformSink
    {
        public void Accept(in Trade trade) => transform.Transform("""{"TICKER_SYMBOL":"JIB","PRICE":1}"""u8, Plain, this);

        public void Drop(DropReason reason)
        {
        }

        public void Fail(ErrorRecord error)
        {
        }
    }
}
