using System.Text;
using SparkEtl.Core.Decoding.Internal;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Decoding;

/// <summary>
/// A log message whose escapes are all <c>\" \t \n \r</c> is read where it stands in its envelope: it must give exactly
/// what the unescaped message gives, or nothing, leaving the message to be unescaped.
/// </summary>
public class EscapedMessageTests
{
    private static readonly TickerSource Source = new(new SourcePosition(Payloads.Shard, Payloads.Sequence, -1, 3), Payloads.ArrivalMs, Payloads.LogGroup, null, 1_700_000_000_001);

    private static readonly byte[] EventId = Encoding.ASCII.GetBytes(Payloads.EventId(3));

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    [InlineData("bare")]
    [InlineData("spaced")]
    [InlineData("platform")]
    public void MessagesAsLambdaLogsThem_AreDecodedWhereTheyStand(string shape)
    {
        var message = shape switch
        {
            "python" => Payloads.PythonLine(Payloads.Ticker("JIB")),
            "node" => Payloads.NodeLine(Payloads.Ticker("BRK.B", 350.5, null)),
            "bare" => Payloads.Ticker("X"),
            "spaced" => "{count} apples\t{ \"TICKER_SYMBOL\" : \"S\" , \"PRICE\" : 3 , \"EVENT_TIME\" : \"2023-11-14T22:13:20Z\" }\r\n ",
            _ => "REPORT RequestId: 1\tDuration: 2 ms\n",
        };

        var (read, escaped) = DecodeEscaped(message);

        Assert.True(read, $"not read where it stands: {message}");
        Assert.Equal(DecodeUnescaped(message), escaped);
    }

    [Theory]
    [InlineData("{\"TICKER_SYMBOL\":\"NEG\",\"PRICE\":-1}")] // a validation failure carries the unescaped message
    [InlineData("{\"TICKER_SYMBOL\":\"OLD\",\"PRICE\":1,\"EVENT_TIME\":-5}")]
    [InlineData("{\"TICKER_SYMBOL\":\"TAB\",\"SECTOR\":\"A\tB\",\"PRICE\":1}")] // a tab inside a string: not JSON
    [InlineData("{\n\"TICKER_SYMBOL\":\"N\",\"PRICE\":4}")] // whitespace inside the object, escaped
    [InlineData("{\"TICKER_SYMBOL\":\"N\",\"PRICE\":4\t}")]
    [InlineData("{\"TICKER_SYMBOL\":\"T\",\"PRICE\":5} trailing")]
    [InlineData("{\"a\":{\"TICKER_SYMBOL\":\"T\",\"PRICE\":5}}")]
    [InlineData("no object here\n")]
    [InlineData("")]
    public void MessagesThatDoNotMakeAPlainTrade_AreLeftToTheUnescapedText(string message)
    {
        var (read, escaped) = DecodeEscaped(message);

        Assert.False(read);
        Assert.Empty(escaped);
    }

    [Fact]
    public void AnyMessageOfTheseEscapes_GivesWhatItsTextGives_OrNothing()
    {
        string[] before = ["", "[INFO]\t2023-11-14T22:13:20.123Z\tid\tis_save_kinesis ", "START RequestId: 1 ", "{count} ", "{ ", "} {", "x\r"];
        string[] space = ["", " ", "\t", "\n", "  "];
        string[] symbols = ["\"JIB\"", "\"brk.b\"", "\"\"", "\"A\tB\"", "7", "null", "\"TOO-LONG-SYMBOL-NAME\""];
        string[] prices = ["44.89", "-1", "\"12.5\"", "0", "1e400", "\"x\"", "true", "01"];
        string[] sectors = ["\"TECH\"", "null", "\"caf\u00e9\"", "\"A\nB\"", "5"];
        string[] times = ["1700000000123", "\"2023-11-14T22:13:20Z\"", "-1", "1.5", "\"\""];
        string[] names = ["TICKER_SYMBOL", "ticker_symbol", "PRICE", "SECTOR", "EVENT_TIME", "CHANGE", "Other"];
        string[] after = ["", "\n", " \r\n", " x", "}"];
        var random = new Random(20261202);
        var read = 0;
        var trades = 0;
        for (var n = 0; n < 20_000; n++)
        {
            string Pick(string[] options) => options[random.Next(options.Length)];

            // Each value list starts with a good one, taken more often than the rest, so that many messages make trades.
            string Value(string[] options) => random.Next(2) == 0 ? options[0] : Pick(options);

            // Most producers write compact JSON; a third of the messages get whitespace between tokens.
            var spaced = random.Next(3) == 0;
            string Space() => spaced ? Pick(space) : string.Empty;
            var members = new List<string>();
            foreach (var (name, value) in new[] { ("TICKER_SYMBOL", Value(symbols)), ("PRICE", Value(prices)), ("SECTOR", Value(sectors)), ("EVENT_TIME", Value(times)) })
            {
                if (random.Next(8) != 0)
                {
                    var named = random.Next(6) == 0 ? Pick(names) : name;
                    members.Add($"{Space()}\"{named}\"{Space()}:{Space()}{value}{Space()}");
                }
            }

            var message = Value(before) + "{" + string.Join(",", members.OrderBy(_ => random.Next())) + "}" + Value(after);
            var (wasRead, escaped) = DecodeEscaped(message);
            if (wasRead)
            {
                read++;
                trades += escaped.Count(r => r.StartsWith("accept", StringComparison.Ordinal));
                Assert.Equal(DecodeUnescaped(message), escaped);
            }
            else
            {
                Assert.Empty(escaped);
            }
        }

        // Both ways are taken, and trades are read where they stand.
        Assert.InRange(read, 2_000, 18_000);
        Assert.True(trades >= 1_000, $"{trades} trades read where they stand");
    }

    // The message as CloudWatch writes it in an envelope, decoded where it stands, with the results it gave.
    private static (bool Read, List<string> Results) DecodeEscaped(string message)
    {
        var escaped = Encoding.UTF8.GetBytes(Escape(message));
        var sink = new RecordingSink();
        var read = new LogMessageDecoder(new TickerTransform()).TryDecodeEscaped(escaped, Source, EventId, sink);
        return (read, sink.Described());
    }

    private static List<string> DecodeUnescaped(string message)
    {
        var sink = new RecordingSink();
        new LogMessageDecoder(new TickerTransform()).Decode(Encoding.UTF8.GetBytes(message), Source, EventId, sink);
        return sink.Described();
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c switch
    {
        '"' => "\\\"",
        '\t' => "\\t",
        '\n' => "\\n",
        '\r' => "\\r",
        '\\' or < ' ' => throw new ArgumentException($"Not an escape these messages hold: {text}"),
        _ => c.ToString(),
    }));
}
