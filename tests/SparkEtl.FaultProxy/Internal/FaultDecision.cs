namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// What happens to one request: an added wait (zero for none), at most one fault (null: forwarded faithfully), and
/// for <see cref="FaultKind.Truncate"/> the share of the body that is sent, in [0, 1).
/// </summary>
internal readonly record struct FaultDecision(TimeSpan Latency, FaultKind? Fault, double TruncateAt)
{
    public static FaultDecision None => new(TimeSpan.Zero, null, 0);
}
