using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Aggregation;

/// <summary>The aggregator and the watermark tracker wired as the embedded engine wires them, one batch at a time (batch time 0, so no shard idles).</summary>
internal sealed class WindowsUnderTest(long windowMs, long delayMs)
{
    public OhlcWindowAggregator Aggregator { get; } = new(windowMs);

    public WatermarkTracker Watermarks { get; } = new(delayMs, 60_000);

    public long WatermarkMs => Aggregator.WatermarkMs;

    public int OpenWindowCount => Aggregator.OpenWindowCount;

    public long WindowStartOf(long eventTimeMs) => Aggregator.WindowStartOf(eventTimeMs);

    public bool TryAdd(in Trade trade)
    {
        Watermarks.Observe(trade.Position.ShardId, trade.EventTimeMs);
        return Aggregator.TryAdd(trade);
    }

    public IReadOnlyList<OhlcBar> EndBatch() => Aggregator.Advance(Watermarks.EndBatch(0));

    public IReadOnlyList<OhlcBar> EndInput()
    {
        Watermarks.EndInput();
        return Aggregator.Advance(Watermarks.WatermarkMs);
    }
}
