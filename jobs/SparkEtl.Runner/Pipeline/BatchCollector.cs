using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Collects the transform results of a run of records, in the order they come. Trades go to a <see cref="TradeBuffer"/>
/// (log event ids as bytes), so collecting allocates nothing per trade once the buffer has grown; the collector is
/// cleared and reused from batch to batch.
/// </summary>
internal sealed class BatchCollector : ITradeBufferSink
{
    public TradeBuffer Trades { get; } = new();

    public List<ErrorRecord> Errors { get; } = [];

    /// <summary>The counts of the results since the last <see cref="Clear"/>; a new object each time, so a report may keep it.</summary>
    public TransformCounts Counts { get; private set; } = new();

    public void Accept(in Trade trade)
    {
        Trades.Add(trade);
        Counts.AddOk();
    }

    public void Accept(in Trade trade, ReadOnlySpan<byte> logEventId)
    {
        Trades.Add(trade, logEventId);
        Counts.AddOk();
    }

    public void AcceptAdded(int count) => Counts.AddOk(count);

    public void Drop(DropReason reason) => Counts.AddDropped(reason);

    public void Fail(ErrorRecord error)
    {
        Errors.Add(error);
        Counts.AddFailed(error.Type);
    }

    /// <summary>Appends what <paramref name="other"/> collected after what this one did, and clears it.</summary>
    public void MoveFrom(BatchCollector other)
    {
        Trades.MoveFrom(other.Trades);
        Errors.AddRange(other.Errors);
        Counts.Add(other.Counts);
        other.Clear();
    }

    /// <summary>Forgets the results and keeps the memory.</summary>
    public void Clear()
    {
        Trades.Clear();
        Errors.Clear();
        Counts = new TransformCounts();
    }
}
