using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core.Decoding.Internal;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>
/// The scan of envelopes as CloudWatch writes them is only a shortcut: on any envelope, damaged or not, the decoder
/// gives exactly the results (trades, drops, errors and their messages) it gives with the JSON reader alone.
/// </summary>
public class PlainEnvelopeScanProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(5_000);

    private static readonly SourcePosition Position = new(Payloads.Shard, Payloads.Sequence, -1, -1);

    private static readonly string[] Seeds =
    [
        CloudWatchJson(
            Payloads.PythonLine(Payloads.Ticker("JIB")),
            Payloads.NodeLine(Payloads.Ticker("BRK.B", 350.5, null)),
            "START RequestId: 1 Version: $LATEST\n",
            Payloads.NodeLine(Payloads.Ticker("WMT", 10.5, 1_700_000_000_999, "caf\u00e9 \"quoted\" \\ / \r\b\f"))),
        CloudWatchJson(Payloads.NodeLine(Payloads.Ticker("FUT", 1, 253_402_214_400_000)), "not a ticker\u0001"),
        Payloads.DataEnvelopeJson(Payloads.Events(Payloads.Ticker("AB")), order: ["logEvents", "owner", "logGroup", "messageType"]),
        Payloads.ControlEnvelopeJson(),

        // Messages whose escapes are all \" \t \n \r, read where they stand: a price that fails, a brace in the prose
        // before the object, whitespace around and inside it (escaped inside: left to the unescaped text), an object that
        // is not the message's end.
        CloudWatchJson(
            Payloads.PythonLine(Payloads.Ticker("NEG", -1)),
            "{count} apples\t{\"TICKER_SYMBOL\":\"Q\",\"PRICE\":2}\r\n ",
            "{ \"TICKER_SYMBOL\" : \"S\" , \"PRICE\" : 3 }\t",
            "{\n\"TICKER_SYMBOL\":\"N\",\"PRICE\":4}",
            "{\"TICKER_SYMBOL\":\"T\",\"PRICE\":5} trailing"),
        """ { "messageType" : "DATA_MESSAGE" , "logGroup" : "/aws/lambda/x" , "subscriptionFilters" : [ ] , "logEvents" : [ { "id" : "1" , "timestamp" : -0 , "message" : "{\"TICKER_SYMBOL\":\"A\",\"PRICE\":1}" } ] } """,
    ];

    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]\":,\\/ \tntrbfu0123456789-.eEidmsgaT_").Append((byte)0).Append((byte)0xc3).ToArray();

    [Fact]
    public void AnyEnvelope_GivesTheReadersResults() =>
        Check.One(Config, Prop.ForAll(EditedSeed.Of(Seeds, Alphabet, 1_000), @case =>
        {
            var json = @case.Bytes();
            Assert.Equal(Decode(json, scan: false), Decode(json, scan: true));
        }));

    [Fact]
    public void EnvelopesAsCloudWatchWritesThem_AreReadByTheScan()
    {
        foreach (var seed in new[] { 0, 4 })
        {
            var json = Encoding.UTF8.GetBytes(Seeds[seed]);
            var scanner = new PlainEnvelopeScanner(json);
            Assert.Equal(EnvelopeScan.Read, scanner.ReadHeader(out _));
            EnvelopeScan step;
            var events = 0;
            while ((step = scanner.ReadEvent(out _, out _, out _, out _)) == EnvelopeScan.Read)
            {
                events++;
            }

            Assert.Equal(EnvelopeScan.End, step);
            Assert.True(events > 0);
            Assert.Equal(Decode(json, scan: false), Decode(json, scan: true));
        }
    }

    [Fact]
    public void AShortEscapeOrAWideCharacterAtEveryPlaceOfABlock_IsUnescapedByTheScan()
    {
        // The scan takes a message sixteen bytes at a time while enough follows, then one at a time, and an escape may
        // straddle two blocks: put each kind of byte that needs a look (and multi-byte UTF-8, which must not be mistaken
        // for one), alone and next to another, at every offset of two blocks and of the bytes after them, and after it.
        string[] inserts = ["\"", "\\", "/", "\t", "\n", "\r", "\b", "\f", "\u00e9", "\u20ac", "\U0001F600", "\u00ff\u0080", "\"\"", "\\\"", "\\\\\\", "\n\"/"];
        foreach (var insert in inserts)
        {
            for (var before = 0; before <= 41; before++)
            {
                string[] messages =
                [
                    new string('a', before) + insert + new string('b', 41 - before) + insert + "}",
                    insert + new string('c', before),
                    string.Concat(Enumerable.Repeat(insert, before)) + new string('d', before),
                ];
                var json = Encoding.UTF8.GetBytes(CloudWatchJson(messages));
                var scanner = new PlainEnvelopeScanner(json);
                Assert.Equal(EnvelopeScan.Read, scanner.ReadHeader(out _));
                foreach (var message in messages)
                {
                    Assert.Equal(EnvelopeScan.Read, scanner.ReadEvent(out _, out _, out var escaped, out var escapes));
                    var text = new byte[escaped.Length];
                    Assert.Equal(Encoding.UTF8.GetBytes(message), text[..PlainEnvelopeScanner.Unescape(escaped, text)]);
                    Assert.Equal(EscapesOf(message), escapes);
                }

                Assert.Equal(EnvelopeScan.End, scanner.ReadEvent(out _, out _, out _, out _));
                Assert.Equal(Decode(json, scan: false), Decode(json, scan: true));
            }
        }
    }

    [Fact]
    public void ARawControlCharacterAtEveryPlaceOfABlock_IsLeftToTheReader()
    {
        // JSON allows no control character unescaped in a string: the scan must stop at one wherever it falls.
        foreach (var control in new[] { '\u0001', '\t', '\n', '\u001f' })
        {
            for (var before = 0; before <= 41; before++)
            {
                var text = CloudWatchJson(new string('a', before) + "\u00a7" + new string('b', 41 - before)).Replace('\u00a7', control);
                var json = Encoding.UTF8.GetBytes(text);
                var scanner = new PlainEnvelopeScanner(json);
                Assert.Equal(EnvelopeScan.Read, scanner.ReadHeader(out _));

                Assert.Equal(EnvelopeScan.NotPlain, scanner.ReadEvent(out _, out _, out _, out _));
                Assert.Equal(Decode(json, scan: false), Decode(json, scan: true));
            }
        }
    }

    [Theory]
    [InlineData("""{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"\u0041"}]}""")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1.5,"message":"a"}]}""")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"a","x":1}]}""")]
    [InlineData("""{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[]}""")]
    [InlineData("""{"logGroup":"g","messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"a"}],"logEvents":[]}""")]
    [InlineData("""{"messageType":"CONTROL_MESSAGE","logGroup":"g","logEvents":[]}""")]
    public void AnythingElse_IsLeftToTheReader(string text)
    {
        var json = Encoding.UTF8.GetBytes(text);
        var scanner = new PlainEnvelopeScanner(json);
        var step = scanner.ReadHeader(out _);
        while (step == EnvelopeScan.Read)
        {
            step = scanner.ReadEvent(out _, out _, out _, out _);
        }

        var events = text.Contains("logEvents\":[]", StringComparison.Ordinal) && !text.Contains("\"id\"", StringComparison.Ordinal);
        Assert.True(step == EnvelopeScan.NotPlain || events, $"{step} for {text}");
    }

    /// <summary>A DATA_MESSAGE as CloudWatch writes it: compact, the usual member order, short escapes, other text as UTF-8.</summary>
    private static string CloudWatchJson(params string[] messages)
    {
        var events = Payloads.Events(messages).Select(e =>
            $$"""{"id":"{{e.Id}}","timestamp":{{e.Timestamp}},"message":"{{Escape(e.Message)}}"}""");
        return $$"""{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"{{Payloads.LogGroup}}","logStream":"2023/11/14/[$LATEST]01","subscriptionFilters":["is_save_kinesis"],"logEvents":[{{string.Join(",", events)}}]}""";
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\t' => "\\t",
        '\n' => "\\n",
        '\r' => "\\r",
        '\b' => "\\b",
        '\f' => "\\f",
        < ' ' => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));

    private static MessageEscapes EscapesOf(string message) =>
        message.IndexOfAny(['\\', '\b', '\f']) >= 0 ? MessageEscapes.Short
        : message.IndexOfAny(['"', '\t', '\n', '\r']) >= 0 ? MessageEscapes.QuotesAndWhitespace
        : MessageEscapes.None;

    private static List<string> Decode(byte[] json, bool scan)
    {
        var decoder = new CloudWatchEnvelopeDecoder(new LogMessageDecoder(new TickerTransform()), TickerTransform.DefaultMaxInternedValues) { ScansPlainEnvelopes = scan };
        var sink = new RecordingSink();
        decoder.Decode(json, [1, 2, 3], Position, Payloads.ArrivalMs, sink);
        return sink.Described();
    }
}
