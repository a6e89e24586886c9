namespace SparkEtl.Core.Transform;

/// <summary>
/// Receives the transform results of decoded records, one call per result, in source order.
/// Implemented by each engine's batch (the embedded runner, the Spark UDF's row collector).
/// </summary>
public interface ITransformSink
{
    /// <summary>A clean trade (Firehose's <c>Ok</c>).</summary>
    void Accept(in Trade trade);

    /// <summary>A record filtered on purpose (Firehose's <c>Dropped</c>): count it.</summary>
    void Drop(DropReason reason);

    /// <summary>A record that failed (Firehose's <c>ProcessingFailed</c>): keep it in <c>errors</c>.</summary>
    void Fail(ErrorRecord error);
}
