using SparkEtl.Core.Transform;

namespace SparkEtl.Cli.Inspect.Internal;

/// <summary>Keeps the transform results of one record, in the order the decoder gives them.</summary>
internal sealed class CollectingSink : ITransformSink
{
    public List<TransformResult> Results { get; } = [];

    public void Accept(in Trade trade) => Results.Add(new TransformResult(trade, null, null));

    public void Drop(DropReason reason) => Results.Add(new TransformResult(null, reason, null));

    public void Fail(ErrorRecord error) => Results.Add(new TransformResult(null, null, error));
}
