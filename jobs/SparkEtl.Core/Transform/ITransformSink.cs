namespace SparkEtl.Core.Transform;

/// <summary>
/// Receives the transform results of decoded records, one call per result, in source order.
/// Implemented by each engine's batch (the embedded runner, the Spark UDF's row collector).
/// </summary>
public interface ITransformSink
{
    /// <summary>A clean trade (Firehose's <c>Ok</c>).</summary>
    void Accept(in Trade trade);

    /// <summary>
    /// A clean trade from a CloudWatch log event, whose id comes as UTF-8 in <paramref name="logEventId"/> (valid only
    /// during the call) instead of in <see cref="Trade.LogEventId"/>, which is null. A sink that keeps trades copies the
    /// bytes into memory it owns (<see cref="TradeBuffer"/>) and so allocates nothing per trade. By default the id
    /// becomes a string and <see cref="Accept(in Trade)"/> receives the trade with it.
    /// </summary>
    void Accept(in Trade trade, ReadOnlySpan<byte> logEventId) =>
        Accept(trade with { LogEventId = System.Text.Encoding.UTF8.GetString(logEventId) });

    /// <summary>A record filtered on purpose (Firehose's <c>Dropped</c>): count it.</summary>
    void Drop(DropReason reason);

    /// <summary>A record that failed (Firehose's <c>ProcessingFailed</c>): keep it in <c>errors</c>.</summary>
    void Fail(ErrorRecord error);
}
