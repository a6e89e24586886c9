using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SparkEtl.Core;
using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>
/// The Spark path's windows (per-batch partials grouped any way, merged into <see cref="SparkWindowState"/>) against
/// the embedded engine's <see cref="OhlcWindowAggregator"/> over the same trades and batches.
/// </summary>
public class SparkWindowStateTests
{
    private const long Size = 60_000;
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>Trades in arrival order, batch sizes, a watermark delay, and a seed for how Spark groups partials.</summary>
    public sealed record Scenario(Trade[] Trades, int[] BatchSizes, long DelayMs, int Seed);

    private static Arbitrary<Scenario> Scenarios()
    {
        var trade =
            from symbol in Gen.Elements("JIB", "WMT", "BRK.B")
            from sector in Gen.Elements<string?>("AUTOMOBILE", "RETAIL", null)
            from cents in Gen.Choose(1, 100_000)
            from time in Gen.Choose(0, 400_000)
            from tied in Gen.Elements(false, false, true)
            select (symbol, sector, cents / 100.0, tied ? 120_000L : time);
        return (
            from raw in Gen.ListOf(trade)
            from cuts in Gen.ListOf(Gen.Choose(1, 30))
            from delay in Gen.Elements(0L, 5_000L, 60_000L, 180_000L)
            from seed in Gen.Choose(0, int.MaxValue)
            select new Scenario(
                [.. raw.Select((t, i) => new Trade(t.symbol, t.sector, t.Item3, t.Item4,
                    new SourcePosition(SparkRecordDecoder.UnknownShardId, (1000 + i).ToString(CultureInfo.InvariantCulture), SourcePosition.None, SourcePosition.None), null, null, t.Item4))],
                [.. cuts, int.MaxValue],
                delay,
                seed)).ToArbitrary();
    }

    private static IEnumerable<Trade[]> Batches(Scenario scenario)
    {
        var next = 0;
        foreach (var size in scenario.BatchSizes)
        {
            var batch = scenario.Trades.Skip(next).Take(size).ToArray();
            next += batch.Length;
            yield return batch;
            if (next >= scenario.Trades.Length)
            {
                yield break;
            }
        }
    }

    private static List<List<OhlcBar>> Embedded(Scenario scenario)
    {
        var aggregator = new Core.Tests.Aggregation.WindowsUnderTest(Size, scenario.DelayMs);
        var output = new List<List<OhlcBar>>();
        foreach (var batch in Batches(scenario))
        {
            foreach (var trade in batch)
            {
                aggregator.TryAdd(trade);
            }

            output.Add([.. aggregator.EndBatch()]);
        }

        return output;
    }

    /// <summary>What the Spark job does per batch: drop late trades, group partials (in any order), merge into the state.</summary>
    private static List<List<OhlcBar>> Spark(Scenario scenario, bool roundTripState)
    {
        var window = new WindowSettings(Size, scenario.DelayMs);
        var state = new SparkWindowState(window);
        var random = new Random(scenario.Seed);
        var output = new List<List<OhlcBar>>();
        long batchId = 0;
        foreach (var batch in Batches(scenario))
        {
            var partials = batch
                .Select((t, readOrder) => (Trade: t, Key: new SparkOrderKey(t.EventTimeMs, t.Position.SequenceNumber, batchId, readOrder, -1)))
                .Where(t => !LateTradeErrors.IsLate(t.Trade.EventTimeMs, state.WatermarkMs))
                .OrderBy(_ => random.Next())
                .GroupBy(t => (t.Trade.EventTimeMs - (t.Trade.EventTimeMs % Size), t.Trade.Symbol))
                .Select(g => g.Select(t => WindowPartial.Of(g.Key.Item1, t.Trade.Symbol, t.Trade.Sector, t.Trade.Price, t.Key)).Aggregate((a, b) => a.Merge(b)))
                .ToList();
            output.Add([.. state.EndBatch(partials)]);
            if (roundTripState)
            {
                state = SparkWindowState.FromJson(state.ToJson(), window);
            }

            batchId++;
        }

        return output;
    }

    private static bool Same(List<List<OhlcBar>> expected, List<List<OhlcBar>> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(batch =>
            batch.First.Count == batch.Second.Count && batch.First.Zip(batch.Second).All(p =>
                p.First with { AveragePrice = 0 } == p.Second with { AveragePrice = 0 }
                && Math.Abs(p.First.AveragePrice - p.Second.AveragePrice) <= 1e-12 * p.First.AveragePrice));

    [Fact]
    public void EndBatch_OverPartialsGroupedAnyWay_EmitsWhatTheEmbeddedAggregatorEmits() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario => Same(Embedded(scenario), Spark(scenario, roundTripState: false))));

    [Fact]
    public void ToJson_FromJson_BetweenBatches_ChangesNothing() =>
        Check.One(Config, Prop.ForAll(Scenarios(), scenario => Same(Spark(scenario, roundTripState: false), Spark(scenario, roundTripState: true))));

    [Fact]
    public void EndBatch_SectorOfTheLatestTradeThatHadOne_AcrossBatches()
    {
        var state = new SparkWindowState(new WindowSettings(Size, 0));
        var early = new SparkOrderKey(10, "5", 0, 0, -1);
        var late = new SparkOrderKey(20, "6", 1, 0, -1);

        state.EndBatch([WindowPartial.Of(0, "JIB", "AUTOMOBILE", 1, early)]);
        var bars = state.EndBatch([WindowPartial.Of(0, "JIB", null, 2, late), WindowPartial.Of(60_000, "JIB", null, 3, new SparkOrderKey(60_000, "7", 1, 1, -1))]);

        var bar = Assert.Single(bars);
        Assert.Equal(("AUTOMOBILE", 1.0, 2.0, 2L, 1.5), (bar.Sector, bar.Open, bar.Close, bar.TradeCount, bar.AveragePrice));
        Assert.Equal(60_000, state.WatermarkMs);
        Assert.Equal(1, state.OpenWindowCount);
    }

    [Fact]
    public void FromJson_WrittenWithAnotherWindowSize_NamesWindowSize()
    {
        var json = new SparkWindowState(new WindowSettings(60_000, 0)).ToJson();

        var error = Assert.Throws<ConfigurationException>(() => SparkWindowState.FromJson(json, new WindowSettings(300_000, 0)));

        Assert.Equal("window.size", error.Setting);
    }

    [Fact]
    public void FromJson_NotAState_IsAFormatError() =>
        Assert.Throws<FormatException>(() => SparkWindowState.FromJson("{\"version\":1}", new WindowSettings(60_000, 0)));

    [Fact]
    public void Merge_OfAnotherWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => WindowPartial.Of(0, "JIB", null, 1, default).Merge(WindowPartial.Of(60_000, "JIB", null, 1, default)));
}
