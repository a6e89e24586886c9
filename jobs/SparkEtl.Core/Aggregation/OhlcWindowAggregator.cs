using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Aggregation;

/// <summary>
/// Event-time tumbling windows per ticker, in append mode: a window is emitted once, when the watermark passes its
/// end, and never again.
/// </summary>
/// <remarks>
/// The watermark is the caller's (a <see cref="WatermarkTracker"/>, per shard): it is fixed during a micro-batch
/// (<see cref="Aggregate"/>) and moved at its end (<see cref="Advance"/>). A trade behind the watermark in force is late:
/// it stays a trade, but its window is left alone and <see cref="Aggregate"/> returns a <c>late-record</c> error naming
/// the window and the watermark it missed, so <c>sum(trade_count) + late records = trades</c>. Because a window is
/// emitted only when its end is at or behind the watermark, a trade that is not late never belongs to a window already
/// emitted.
/// </remarks>
public sealed class OhlcWindowAggregator
{
    private readonly Dictionary<(long WindowStart, string Symbol), WindowState> _open = [];

    /// <param name="windowSizeMs">Window length in milliseconds; must be positive.</param>
    public OhlcWindowAggregator(long windowSizeMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSizeMs);
        WindowSizeMs = windowSizeMs;
    }

    public long WindowSizeMs { get; }

    /// <summary>The watermark in force, epoch ms; <see cref="long.MinValue"/> before it first moved.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>Windows holding state (not yet emitted).</summary>
    public int OpenWindowCount => _open.Count;

    /// <summary>The end of the earliest open window (the watermark that would emit it), or <see cref="long.MaxValue"/> when none is open.</summary>
    public long EarliestOpenWindowEndMs
    {
        get
        {
            var earliest = long.MaxValue;
            foreach (var key in _open.Keys)
            {
                earliest = Math.Min(earliest, key.WindowStart);
            }

            return earliest == long.MaxValue ? long.MaxValue : WindowEndOf(earliest);
        }
    }

    /// <summary>The start of the window that holds <paramref name="eventTimeMs"/>.</summary>
    public long WindowStartOf(long eventTimeMs) => eventTimeMs - Mod(eventTimeMs, WindowSizeMs);

    /// <summary>The end (exclusive) of the window that starts at <paramref name="windowStartMs"/>, saturating at the end of time.</summary>
    public long WindowEndOf(long windowStartMs) =>
        windowStartMs > long.MaxValue - WindowSizeMs ? long.MaxValue : windowStartMs + WindowSizeMs;

    /// <summary>
    /// Adds a micro-batch's trades to their windows under the watermark in force, and returns a <c>late-record</c>
    /// error for each trade behind it (those leave the bars, not the trades table).
    /// </summary>
    public IReadOnlyList<ErrorRecord> Aggregate(IReadOnlyList<Trade> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        // Rows that can be read in place (a TradeBuffer's) are, as the table writer reads them.
        if (trades is IRowSpan<Trade> inPlace)
        {
            return Aggregate(inPlace.Span);
        }

        List<ErrorRecord>? late = null;
        for (var i = 0; i < trades.Count; i++)
        {
            AddOrKeepLate(trades[i], ref late);
        }

        return late ?? (IReadOnlyList<ErrorRecord>)[];
    }

    /// <summary><see cref="Aggregate(IReadOnlyList{Trade})"/> over trades read in place (a <see cref="TradeBuffer"/>'s span).</summary>
    public IReadOnlyList<ErrorRecord> Aggregate(ReadOnlySpan<Trade> trades)
    {
        List<ErrorRecord>? late = null;
        foreach (ref readonly var trade in trades)
        {
            AddOrKeepLate(trade, ref late);
        }

        return late ?? (IReadOnlyList<ErrorRecord>)[];
    }

    private void AddOrKeepLate(in Trade trade, ref List<ErrorRecord>? late)
    {
        if (!TryAdd(trade))
        {
            late ??= [];
            late.Add(LateTradeErrors.Create(trade, WindowStartOf(trade.EventTimeMs), WindowSizeMs, WatermarkMs));
        }
    }

    /// <summary>Adds one trade to its window, or returns false when it is behind the watermark in force (late).</summary>
    public bool TryAdd(in Trade trade)
    {
        if (LateTradeErrors.IsLate(trade.EventTimeMs, WatermarkMs))
        {
            return false;
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
    /// Ends a micro-batch: moves the watermark to <paramref name="watermarkMs"/> (it never moves back) and emits every
    /// window whose end is at or behind it, ordered by window start, then symbol. <see cref="long.MaxValue"/> (a bounded
    /// input ended) emits every open window.
    /// </summary>
    public IReadOnlyList<OhlcBar> Advance(long watermarkMs)
    {
        if (watermarkMs > WatermarkMs)
        {
            WatermarkMs = watermarkMs;
        }

        return EmitUpTo(WatermarkMs);
    }

    /// <summary>A copy of the open windows, for checkpointing.</summary>
    public IReadOnlyList<WindowState> SnapshotState() => [.. _open.Values];

    /// <summary>Replaces all state with a checkpointed snapshot.</summary>
    public void RestoreState(IEnumerable<WindowState> windows, long watermarkMs)
    {
        _open.Clear();
        foreach (var window in windows)
        {
            _open.Add((window.WindowStartMs, window.Symbol), window);
        }

        WatermarkMs = watermarkMs;
    }

    private List<OhlcBar> EmitUpTo(long watermarkMs)
    {
        var closed = new List<WindowState>();
        foreach (var state in _open.Values)
        {
            // Saturating end: a window at the far end of time must not overflow into the past.
            if (WindowEndOf(state.WindowStartMs) <= watermarkMs)
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
                WindowEndOf(state.WindowStartMs),
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
