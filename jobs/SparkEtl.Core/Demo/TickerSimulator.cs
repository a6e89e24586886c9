namespace SparkEtl.Core.Demo;

/// <summary>
/// Deterministic stock-ticker data like Firehose's "send demo data": a random walk of prices for a
/// set of symbols, one record every <c>1/rate</c> seconds of event time, with a little jitter so
/// event time is not quite arrival order. The same seed gives the same records.
/// </summary>
public sealed class TickerSimulator
{
    private static readonly (string Symbol, string Sector)[] KnownSymbols =
    [
        ("JIB", "AUTOMOBILE"), ("QXZ", "FINANCIAL"), ("WMT", "RETAIL"), ("AMZN", "TECHNOLOGY"),
        ("BRK.B", "FINANCIAL"), ("TGT", "RETAIL"), ("XOM", "ENERGY"), ("PFE", "HEALTHCARE"),
        ("NFLX", "MEDIA"), ("F", "AUTOMOBILE"), ("CVX", "ENERGY"), ("UNH", "HEALTHCARE"),
        ("DIS", "MEDIA"), ("JPM", "FINANCIAL"), ("MSFT", "TECHNOLOGY"), ("GM", "AUTOMOBILE"),
    ];

    private static readonly string[] Sectors = ["AUTOMOBILE", "ENERGY", "FINANCIAL", "HEALTHCARE", "MEDIA", "RETAIL", "TECHNOLOGY"];

    private readonly SplitMix64 _random;
    private readonly (string Symbol, string Sector)[] _symbols;
    private readonly double[] _prices;
    private readonly long _startMs;
    private readonly double _stepMs;
    private long _index;

    public TickerSimulator(int seed, int symbolCount, double ratePerSecond, long startTimeMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        _random = new SplitMix64((ulong)(uint)seed);
        _symbols = MakeSymbols(symbolCount);
        _prices = [.. _symbols.Select(_ => Math.Round(5 + (_random.NextDouble() * 495), 2))];
        _startMs = startTimeMs;
        _stepMs = 1000.0 / ratePerSecond;
    }

    /// <summary>The random source, shared with whatever wraps the ticks so one seed decides everything.</summary>
    public SplitMix64 Random => _random;

    /// <summary>The next tick; event times advance by the rate, with up to one second of jitter.</summary>
    public DemoTick Next()
    {
        var which = _random.Next(_symbols.Length);
        var change = Math.Round((_random.NextDouble() * 2) - 1, 2);
        var price = Math.Round(Math.Max(0.01, _prices[which] + change), 2);
        _prices[which] = price;
        var jitterMs = (long)(_random.NextDouble() * 1000);
        var eventTime = _startMs + (long)(_index++ * _stepMs) + jitterMs;
        var (symbol, sector) = _symbols[which];
        return new DemoTick(symbol, sector, change, price, eventTime);
    }

    private (string, string)[] MakeSymbols(int count)
    {
        var symbols = KnownSymbols.Take(count).ToList();
        while (symbols.Count < count)
        {
            var length = 2 + _random.Next(3);
            var name = string.Create(length, _random, static (span, random) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('A' + random.Next(26));
                }
            });
            if (symbols.TrueForAll(s => s.Symbol != name))
            {
                symbols.Add((name, Sectors[_random.Next(Sectors.Length)]));
            }
        }

        return [.. symbols];
    }
}
