using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Tests.Transform;

/// <summary>
/// The flat scan of a ticker object is only a shortcut: whatever it reads, <see cref="System.Text.Json.Utf8JsonReader"/>
/// reads the same way (same fields, same positions), and it leaves everything else to the reader.
/// </summary>
public class TickerFieldReaderProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(20_000);

    private static readonly string[] Seeds =
    [
        """{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":44.89}""",
        """{"TICKER_SYMBOL":"NKJJ","SECTOR":"FINANCIAL","CHANGE":-0.75,"PRICE":410.77,"EVENT_TIME":1710513000000}""",
        """ { "ticker_symbol" : "BRK.B" , "sector" : null , "price" : "350.5" , "event_time" : "2024-03-15T14:30:00Z" , "x" : true , "y" : false } """,
        """{"Ticker_Symbol":"A","PRICE":1e3,"PRICE":2,"EVENT_TIME":-0.0E+1,"SECTOR":"é"}""",
        """{"TICKER_SYMBOL":"A","nested":{"a":[1,2]},"PRICE":0}""",
        "{}",
        """{"TICKER_SYMBOL":"A\u0042","SECTOR":"a\\b","PRICE":1}""",
    ];

    // Bytes that matter to JSON's grammar, and a few that do not.
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]\":,\\ \t\r\n0123456789.-+eEtrufalsnTICKER_SYMBOLPx\u007f").Append((byte)0).Append((byte)0x1f).Append((byte)0xc3).Append((byte)0xa9).ToArray();

    [Fact]
    public void WhateverTheScanReads_TheJsonReaderReadsTheSame() =>
        Check.One(Config, Prop.ForAll(EditedSeed.Of(Seeds, Alphabet, 200), @case =>
        {
            var json = @case.Bytes();
            var flat = default(TickerFields);
            if (!TickerFieldReader.TryReadFlat(json, ref flat))
            {
                return;
            }

            var read = default(TickerFields);
            Assert.True(TickerFieldReader.TryReadWithJsonReader(json, ref read), $"the scan read what the reader rejects: {@case}");
            Assert.Equal(read, flat);
        }));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void PlainFlatObjects_AreReadByTheScan(int seed)
    {
        var json = Encoding.UTF8.GetBytes(Seeds[seed]);
        var flat = default(TickerFields);
        var read = default(TickerFields);

        Assert.True(TickerFieldReader.TryReadFlat(json, ref flat));
        Assert.True(TickerFieldReader.TryReadWithJsonReader(json, ref read));
        Assert.Equal(read, flat);
    }

    [Theory]
    [InlineData("""{"TICKER_SYMBOL":"A","nested":{"a":[1,2]},"PRICE":1}""")]
    [InlineData("""{"TICKER_SYMBOL":"A\u0042","PRICE":1}""")]
    [InlineData("""{"TICKER\u005fSYMBOL":"A","PRICE":1}""")]
    [InlineData("""{"TICKER_SYMBOL":"A","PRICE":1,}""")]
    [InlineData("""{"TICKER_SYMBOL":"A","PRICE":01}""")]
    [InlineData("""{"TICKER_SYMBOL":"A","PRICE":1} x""")]
    [InlineData("""{"TICKER_SYMBOL":"A","PRICE":nul}""")]
    [InlineData("""{"TICKER_SYMBOL":"A","PRICE":1""")]
    [InlineData("[1]")]
    [InlineData("")]
    public void AnythingElse_IsLeftToTheReader(string text)
    {
        var fields = default(TickerFields);

        Assert.False(TickerFieldReader.TryReadFlat(Encoding.UTF8.GetBytes(text), ref fields));
    }
}
