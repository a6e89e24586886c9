using System.Security.Cryptography;
using SparkEtl.Soak.Internal;

namespace SparkEtl.Soak.Tests;

public sealed class TickerStreamGeneratorTests
{
    private const long Now = 1_796_000_000_000;

    [Fact]
    public void TheSameSeed_MakesTheSameRecords_AndAnotherSeedOthers()
    {
        var first = Records(seed: 3, count: 500);
        var again = Records(seed: 3, count: 500);
        var other = Records(seed: 4, count: 500);

        Assert.Equal(first.Select(r => Convert.ToHexString(r.Data)), again.Select(r => Convert.ToHexString(r.Data)));
        Assert.NotEqual(first.Select(r => Convert.ToHexString(r.Data)), other.Select(r => Convert.ToHexString(r.Data)));
    }

    [Fact]
    public void EveryRecord_HasDataOfItsOwn_AndEveryTradeAKeyOfItsOwn()
    {
        var records = Records(seed: 1, count: 5_000);

        // The check finds a record on the stream by the digest of its data, and a trade by (symbol, event time, price).
        Assert.Equal(records.Count, records.Select(r => Convert.ToHexString(SHA256.HashData(r.Data))).Distinct().Count());
        var trades = records.SelectMany(r => r.Units).Where(u => u.Kind == UnitKind.Trade).ToList();
        Assert.Equal(trades.Count, trades.Select(u => (u.Symbol, u.EventTimeMs, u.PriceCents)).Distinct().Count());
    }

    [Fact]
    public void TheRecords_MixEveryShape_AndEveryKindOfUnit()
    {
        var records = Records(seed: 1, count: 5_000);
        var units = records.SelectMany(r => r.Units).ToList();

        Assert.Equal(["cloudwatch", "garbage", "kpl", "raw"], records.Select(r => r.Shape).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["aggregate-invalid", "decompression-failed", "envelope-invalid", "event-time-out-of-range", "parse-failed", "validation-failed"],
            units.Where(u => u.Kind == UnitKind.Error).Select(u => u.ExpectedError!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(units, u => u.Kind == UnitKind.Drop);
        // Ties in event time per symbol, so open and close need the tie-break; and stragglers, so some trades come late.
        var trades = units.Where(u => u.Kind == UnitKind.Trade).ToList();
        Assert.Contains(trades.GroupBy(u => (u.Symbol, u.EventTimeMs)), g => g.Count() > 1);
        Assert.Contains(trades, u => u.EventTimeMs < Now - 60_000);
    }

    [Fact]
    public void UnitIdentities_AreDistinctWithinARecord()
    {
        foreach (var record in Records(seed: 2, count: 2_000))
        {
            Assert.Equal(record.Units.Count, record.Units.Select(u => (u.SubSequence, u.LogEventId)).Distinct().Count());
            if (record.Shape == "kpl" && record.Units.Count > 1)
            {
                Assert.Equal(Enumerable.Range(0, record.Units.Count).Select(i => (long?)i), record.Units.Select(u => u.SubSequence));
            }
        }
    }

    private static List<ProducedRecord> Records(long seed, int count)
    {
        var generator = new TickerStreamGenerator(seed);
        return [.. Enumerable.Range(0, count).Select(i => generator.Next(Now + (i * 5)))];
    }
}
