using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Aggregation;

/// <summary>
/// Event-time tumbling windows per ticker with a watermark, in append mode: a window is emitted
/// once, when the watermark passes its end, and never again.
/// </summary>
/// <remarks>
/// The watermark follows Spark's rule: it is fixed for the length of a micro-batch and moves at
/// the batch's end to <c>max(previous, max event time seen − delay)</c>. A trade whose event time is
/// behind the watermark in force is late: <see cref="TryAdd"/> refuses it and the caller keeps it in
/// <c>errors</c> as <c>late-record</c>. Because a window is emitted only when its end is at or behind
/// the watermark, a trade that is not late can never belong to a window already emitted.
/// </remarks>
public sealed class OhlcWindowAggregator
{
    private readonly Dictionary<(long WindowStart, string Symbol), WindowState> _open = [];

    /// <param name="windowSizeMs">Window length in milliseconds; must be positive.</param>
    /// <param name="watermarkDelayMs">How far the watermark trails the latest event time; zero or more.</param>
    public OhlcWindowAggregator(long windowSizeMs, long watermarkDelayMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSizeMs);
        ArgumentOutOfRangeException.ThrowIfNegative(watermarkDelayMs);
        WindowSizeMs = windowSizeMs;
        WatermarkDelayMs = watermarkDelayMs;
    }

    public long WindowSizeMs { get; }

    public long WatermarkDelayMs { get; }

    /// <summary>The watermark in force, epoch ms; <see cref="long.MinValue"/> before any event was seen.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>The latest event time seen so far, epoch ms; <see cref="long.MinValue"/> before any.</summary>
    public long MaxEventTimeMs { get; private set; } = long.MinValue;

    /// <summary>Windows holding state (not yet emitted).</summary>
    public int OpenWindowCount => _open.Count;

    /// <summary>The start of the window that holds <paramref name="eventTimeMs"/>.</summary>
    public long WindowStartOf(long eventTimeMs) => eventTimeMs - Mod(eventTimeMs, WindowSizeMs);

    /// <summary>Adds a trade to its window, or returns false when it is behind the watermark (late).</summary>
    public bool TryAdd(in Trade trade)
    {
        if (trade.EventTimeMs < WatermarkMs)
        {
            return false;
        }

        if (trade.EventTimeMs > MaxEventTimeMs)
        {
            MaxEventTimeMs = trade.EventTimeMs;
        }

        var start = WindowStartOf(trade.EventTimeMs);
        if (!_open.TryGetValue((start, trade.Symbol), out var state))
        {
            state = new WindowState
            {
                WindowStartMs = start,
                Symbol = trade.Symbol,
                Open = trade.Price,
                OpenTimeMs = trade.EventTimeMs,
                OpenPosition = trade.Position,
                Close = trade.Price,
                CloseTimeMs = trade.EventTimeMs,
                ClosePosition = trade.Position,
                High = trade.Price,
                Low = trade.Price,
            };
            _open.Add((start, trade.Symbol), state);
        }
        else
        {
            Merge(state, trade);
        }

        if (trade.Sector is not null && (state.Sector is null || IsLater(trade.EventTimeMs, trade, state.SectorTimeMs, state)))
        {
            state.Sector = trade.Sector;
            state.SectorTimeMs = trade.EventTimeMs;
            state.SectorPosition = trade.Position;
        }

        state.Count++;
        AddToSum(state, trade.Price);
        return true;
    }

    /// <summary>
    /// Ends a micro-batch: moves the watermark to <c>max event time − delay</c> (it never moves back)
    /// and emits every window whose end is at or behind it, ordered by window start, then symbol.
    /// </summary>
    public IReadOnlyList<OhlcBar> EndBatch()
    {
        if (MaxEventTimeMs != long.MinValue)
        {
            var candidate = MaxEventTimeMs - WatermarkDelayMs;
            if (candidate > WatermarkMs)
            {
                WatermarkMs = candidate;
            }
        }

        return EmitUpTo(WatermarkMs);
    }

    /// <summary>
    /// Ends a bounded input: the watermark goes to +infinity and every open window is emitted.
    /// Later trades are all late.
    /// </summary>
    public IReadOnlyList<OhlcBar> EndInput()
    {
        WatermarkMs = long.MaxValue;
        return EmitUpTo(long.MaxValue);
    }

    /// <summary>A copy of the open windows, for checkpointing.</summary>
    public IReadOnlyList<WindowState> SnapshotState() => [.. _open.Values];

    /// <summary>Replaces all state with a checkpointed snapshot.</summary>
    public void RestoreState(IEnumerable<WindowState> windows, long watermarkMs, long maxEventTimeMs)
    {
        _open.Clear();
        foreach (var window in windows)
        {
            _open.Add((window.WindowStartMs, window.Symbol), window);
        }

        WatermarkMs = watermarkMs;
        MaxEventTimeMs = maxEventTimeMs;
    }

    private List<OhlcBar> EmitUpTo(long watermarkMs)
    {
        var closed = new List<WindowState>();
        foreach (var state in _open.Values)
        {
            // Saturating end: a window at the far end of time must not overflow into the past.
            if (EndOf(state.WindowStartMs) <= watermarkMs)
            {
                closed.Add(state);
            }
        }

        closed.Sort(static (a, b) =>
        {
            var byStart = a.WindowStartMs.CompareTo(b.WindowStartMs);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Symbol, b.Symbol);
        });

        var bars = new List<OhlcBar>(closed.Count);
        foreach (var state in closed)
        {
            _open.Remove((state.WindowStartMs, state.Symbol));
            bars.Add(new OhlcBar(
                state.WindowStartMs,
                EndOf(state.WindowStartMs),
                state.Symbol,
                state.Sector,
                state.Open,
                state.High,
                state.Low,
                state.Close,
                state.Count,
                (state.Sum + state.SumCompensation) / state.Count));
        }

        return bars;
    }

    private long EndOf(long windowStartMs) =>
        windowStartMs > long.MaxValue - WindowSizeMs ? long.MaxValue : windowStartMs + WindowSizeMs;

    private static void Merge(WindowState state, in Trade trade)
    {
        if (trade.Price > state.High)
        {
            state.High = trade.Price;
        }

        if (trade.Price < state.Low)
        {
            state.Low = trade.Price;
        }

        if (trade.EventTimeMs < state.OpenTimeMs || (trade.EventTimeMs == state.OpenTimeMs && trade.Position < state.OpenPosition))
        {
            state.Open = trade.Price;
            state.OpenTimeMs = trade.EventTimeMs;
            state.OpenPosition = trade.Position;
        }

        if (trade.EventTimeMs > state.CloseTimeMs || (trade.EventTimeMs == state.CloseTimeMs && trade.Position > state.ClosePosition))
        {
            state.Close = trade.Price;
            state.CloseTimeMs = trade.EventTimeMs;
            state.ClosePosition = trade.Position;
        }
    }

    private static bool IsLater(long timeMs, in Trade trade, long thanTimeMs, WindowState state) =>
        timeMs > thanTimeMs || (timeMs == thanTimeMs && trade.Position > state.SectorPosition);

    // Neumaier's compensated summation: the average is then independent of the order of
    // additions to within an ulp or two, whatever the batch boundaries were.
    private static void AddToSum(WindowState state, double value)
    {
        var sum = state.Sum + value;
        state.SumCompensation += Math.Abs(state.Sum) >= Math.Abs(value)
            ? (state.Sum - sum) + value
            : (value - sum) + state.Sum;
        state.Sum = sum;
    }

    private static long Mod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }
}
