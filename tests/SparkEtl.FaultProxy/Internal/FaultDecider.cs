namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// Decides each request's faults from the seed and the request's ordinal (0, 1, 2, ... in the order requests reach
/// the proxy): every draw is a hash of (seed, ordinal, slot), not a shared generator's next value, so the same seed and
/// the same sequence of requests give the same faults whatever else happened, and a rule change at run time changes
/// only the decisions made after it.
/// </summary>
internal sealed class FaultDecider
{
    private const int FaultSlot = 0;
    private const int LatencySlot = 1;
    private const int ParameterSlot = 2;
    private const int LatencyParameterSlot = 3;

    private readonly ulong _seed;

    public FaultDecider(long seed)
    {
        _seed = Mix(unchecked((ulong)seed));
    }

    public FaultDecision Decide(FaultPlan plan, RequestTarget request, long ordinal)
    {
        if (plan.Rules.Count == 0)
        {
            return FaultDecision.None;
        }

        var latency = TimeSpan.Zero;
        FaultKind? fault = null;
        var faultDraw = Uniform(ordinal, FaultSlot);
        var latencyDraw = Uniform(ordinal, LatencySlot);
        double faultEdge = 0;
        double latencyEdge = 0;
        var latencyChosen = false;
        foreach (var rule in plan.Rules)
        {
            if (!rule.AppliesTo(request))
            {
                continue;
            }

            if (rule.Kind == FaultKind.Latency)
            {
                latencyEdge += rule.Rate;
                if (!latencyChosen && latencyDraw < latencyEdge)
                {
                    latencyChosen = true;
                    var span = rule.LatencyMax - rule.LatencyMin;
                    latency = rule.LatencyMin + (span * Uniform(ordinal, LatencyParameterSlot));
                }
            }
            else if (fault is null)
            {
                faultEdge += rule.Rate;
                if (faultDraw < faultEdge)
                {
                    fault = rule.Kind;
                }
            }
        }

        if (fault == FaultKind.Reset)
        {
            fault = Uniform(ordinal, ParameterSlot) < 0.5 ? FaultKind.ResetBeforeForwarding : FaultKind.ResetAfterForwarding;
        }

        var truncateAt = fault == FaultKind.Truncate ? Uniform(ordinal, ParameterSlot) : 0;
        return new FaultDecision(latency, fault, truncateAt);
    }

    /// <summary>A uniform double in [0, 1) that depends only on the seed, the ordinal and the slot.</summary>
    private double Uniform(long ordinal, int slot)
    {
        var bits = Mix(_seed ^ Mix(unchecked(((ulong)ordinal * 16) + (ulong)slot)));
        return (bits >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>SplitMix64's finalizer: a bijective mix of 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
