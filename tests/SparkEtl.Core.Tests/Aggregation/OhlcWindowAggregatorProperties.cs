using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Transform;
using static SparkEtl.Core.Tests.Aggregation.TradeFactory;

namespace SparkEtl.Core.Tests.Aggregation;

/// <summary>
/// Invariants of the windowed aggregation over random event-time orders, batch splits and
/// watermark delays, checked against a plain batch computation.
/// </summary>
public class OhlcWindowAggregatorProperties
{
    private const long Window = 60_000;

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>A scenario: trades in arrival order, the sizes of the batches they arrive in, a watermark delay.</summary>
    public sealed record Scenario(Trade[] Trades, int[] BatchSizes, long DelayMs);

    private static Arbitrary<Scenario> Scenarios()
    {
        var trade =
            from symbol in Gen.Elements("JIB", "WMT", "BRK.B")
            from cents in Gen.Choose(1, 100_000)
            from time in Gen.Choose(0, 600_000)
            select (symbol, cents / 100.0, (long)time);
        var scenario =
            from raw in Gen.ListOf(trade)
            from cuts in Gen.ListOf(Gen.Choose(1, 40))
            from delay in Gen.Elements(0L, 5_000L, 60_000L, 180_000L)
            select new Scenario(
                [.. raw.Select((t, i) => Trade(t.symbol, t.Item2, t.Item3, i))],
                [.. cuts],
                delay);
        return scenario.ToArbitrary();
    }

    private static (List<OhlcBar> Bars, List<Trade> Late) Run(Scenario scenario)
    {
        var aggregator = new WindowsUnderTest(Window, scenario.DelayMs);
        var bars = new List<OhlcBar>();
        var late = new List<Trade>();
        var next = 0;
        foreach (var size in scenario.BatchSizes.Append(int.MaxValue))
        {
            var end = (int)Math.Min(scenario.Trades.Length, (long)next + size);
            for (; next < end; next++)
            {
                if (!aggregator.TryAdd(scenario.Trades[next]))
                {
                    late.Add(scenario.Trades[next]);
                }
            }

            bars.AddRange(aggregator.EndBatch());
            if (next == scenario.Trades.Length)
            {
                break;
            }
        }

        bars.AddRange(aggregator.EndInput());
        return (bars, late);
    }

    [Fact]
    public void EachWindowIsEmittedAtMostOnce() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario =>
        {
            var (bars, _) = Run(scenario);
            return bars.Select(b => (b.WindowStartMs, b.Symbol)).Distinct().Count() == bars.Count;
        }));

    [Fact]
    public void EveryTradeIsCountedInOneWindowOrAsLate() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario =>
        {
            var (bars, late) = Run(scenario);
            return bars.Sum(b => b.TradeCount) + late.Count == scenario.Trades.Length;
        }));

    [Fact]
    public void BarsEqualABatchComputationOverTheTradesThatWereNotLate() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario =>
        {
            var (bars, late) = Run(scenario);
            var lateSet = late.Select(t => t.Position).ToHashSet();
            var expected = scenario.Trades
                .Where(t => !lateSet.Contains(t.Position))
                .GroupBy(t => (Start: t.EventTimeMs - (t.EventTimeMs % Window), t.Symbol))
                .OrderBy(g => g.Key.Start).ThenBy(g => g.Key.Symbol, StringComparer.Ordinal)
                .Select(g =>
                {
                    var ordered = g.OrderBy(t => t.EventTimeMs).ThenBy(t => t.Position).ToList();
                    return (g.Key.Start, g.Key.Symbol, Open: ordered[0].Price, High: g.Max(t => t.Price), Low: g.Min(t => t.Price),
                        Close: ordered[^1].Price, Count: (long)g.Count(), Average: g.Average(t => t.Price));
                })
                .ToList();
            var actual = bars.OrderBy(b => b.WindowStartMs).ThenBy(b => b.Symbol, StringComparer.Ordinal).ToList();
            return expected.Count == actual.Count && expected.Zip(actual).All(p =>
                p.First.Start == p.Second.WindowStartMs && p.First.Symbol == p.Second.Symbol
                && p.First.Open == p.Second.Open && p.First.High == p.Second.High && p.First.Low == p.Second.Low
                && p.First.Close == p.Second.Close && p.First.Count == p.Second.TradeCount
                && Math.Abs(p.First.Average - p.Second.AveragePrice) <= 1e-9 * Math.Abs(p.First.Average));
        }));

    [Fact]
    public void ATradeThatIsNotLateNeverLandsInAnEmittedWindow() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario =>
        {
            var aggregator = new WindowsUnderTest(Window, scenario.DelayMs);
            var emitted = new HashSet<(long, string)>();
            foreach (var chunk in scenario.Trades.Chunk(Math.Max(1, scenario.BatchSizes.FirstOrDefault(7))))
            {
                foreach (var trade in chunk)
                {
                    if (aggregator.TryAdd(trade) && emitted.Contains((aggregator.WindowStartOf(trade.EventTimeMs), trade.Symbol)))
                    {
                        return false;
                    }
                }

                foreach (var bar in aggregator.EndBatch())
                {
                    emitted.Add((bar.WindowStartMs, bar.Symbol));
                }
            }

            return true;
        }));
}
