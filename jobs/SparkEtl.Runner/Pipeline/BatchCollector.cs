using SparkEtl.Core.Transform;

namespace SparkEtl.Runner.Pipeline;

/// <summary>Collects the transform results of a run of records, in the order they come.</summary>
internal sealed class BatchCollector : ITransformSink
{
    public List<Trade> Trades { get; } = [];

    public List<ErrorRecord> Errors { get; } = [];

    public TransformCounts Counts { get; } = new();

    public void Accept(in Trade trade)
    {
        Trades.Add(trade);
        Counts.AddOk();
    }

    public void Drop(DropReason reason) => Counts.AddDropped(reason);

    public void Fail(ErrorRecord error)
    {
        Errors.Add(error);
        Counts.AddFailed(error.Type);
    }
}
