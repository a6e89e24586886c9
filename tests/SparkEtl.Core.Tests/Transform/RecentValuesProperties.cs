using System.Text;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tests.Decoding;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Transform;

/// <summary>
/// A transform remembers the symbols and sectors of earlier trades by their bytes: what it gives for a record must be
/// what a fresh transform, which remembers nothing, gives for it, whatever came before.
/// </summary>
public class RecentValuesProperties
{
    private static readonly TickerSource Source = new(new SourcePosition("shardId-000000000001", "1", SourcePosition.None, SourcePosition.None), 1_700_000_009_000);

    // Valid and invalid values, the same value escaped and not, values equal once unescaped, and other token types.
    private static readonly string[] Symbols =
    [
        "\"JIB\"", "\"J\\u0049B\"", "\"jib\"", "\"BRK.B\"", "\"BRK.B \"", "\"\"", "\"TOOLONGSYMBOLVALUE1\"", "\"A\\\"B\"", "\"É\"",
        "\"\\uD800\"", "12", "null", "[\"JIB\"]", "\"NKJJ\"", "\"A\\/B\"",
    ];

    private static readonly string[] Sectors =
    [
        "\"AUTOMOBILE\"", "\"AUTO\\u004dOBILE\"", "\"automobile\"", "\"FIN\\nANCIAL\"", "\"FIN\\u0000\"", "\"\"", "\"é\"", "\"\\u00e9\"",
        "null", "7", "{\"a\":1}", "\"" + new string('S', 70) + "\"", "\"" + new string('S', 64) + "\"", "\"TECHNOLOGY\"",
    ];

    [Fact]
    public void OneTransformForAllRecords_GivesWhatAFreshTransformGivesForEach()
    {
        var random = new Random(11);
        var shared = new TickerTransform();
        for (var i = 0; i < 20_000; i++)
        {
            var json = Record(random);
            var remembered = new RecordingSink();
            var fresh = new RecordingSink();

            shared.Transform(json, Source, remembered);
            new TickerTransform().Transform(json, Source, fresh);

            Assert.Equal(Describe(fresh), Describe(remembered));
        }
    }

    private static byte[] Record(Random random)
    {
        var fields = new List<string>();
        if (random.Next(20) != 0)
        {
            // Many three-letter symbols besides the listed ones, so that values share a slot of the table.
            var symbol = random.Next(2) == 0 ? Symbols[random.Next(Symbols.Length)] : $"\"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(3))}\"";
            fields.Add($"\"{(random.Next(4) == 0 ? "ticker_symbol" : "TICKER_SYMBOL")}\":{symbol}");
        }

        if (random.Next(30) == 0)
        {
            fields.Add($"\"TICKER_SYMBOL\":{Symbols[random.Next(Symbols.Length)]}");
        }

        if (random.Next(5) != 0)
        {
            fields.Add($"\"SECTOR\":{Sectors[random.Next(Sectors.Length)]}");
        }

        fields.Add(random.Next(25) == 0 ? "\"PRICE\":-1" : "\"PRICE\":44.89");
        return Encoding.UTF8.GetBytes("{" + string.Join(",", fields.OrderBy(_ => random.Next())) + "}");
    }

    private static string Describe(RecordingSink sink) => string.Join("\n", sink.Results.Select(r =>
        r.Trade is { } t ? $"trade {t.Symbol}|{t.Sector ?? "<null>"}|{t.Price}" : r.ToString()));
}
