namespace SparkEtl.FaultProxy;

/// <summary>
/// The faults the proxy injects: rules separated by commas, e.g.
/// <c>500=0.02,503=0.02,slowdown=0.01,throughput=0.05,expired=0.01,reset=0.01,truncate=0.01,latency=0.05:200ms</c>.
/// Empty text or <c>none</c> is the plan without faults (a faithful pass-through).
/// </summary>
/// <remarks>
/// Per request, the rules other than latency are mutually exclusive: the ones that apply to the request are taken in
/// the order written, each owning the next <see cref="FaultRule.Rate"/> of one uniform draw, so each gets exactly its
/// rate as long as the rates of the rules that apply add up to at most 1 (rules past that point are starved).
/// Latency rules draw separately in the same way, so a request can wait and then fail.
/// </remarks>
public sealed class FaultPlan
{
    private FaultPlan(IReadOnlyList<FaultRule> rules)
    {
        Rules = rules;
    }

    /// <summary>No faults: every request is forwarded faithfully.</summary>
    public static FaultPlan None { get; } = new([]);

    public IReadOnlyList<FaultRule> Rules { get; }

    /// <summary>Makes a plan in code from rules in their order of precedence.</summary>
    public static FaultPlan Of(params FaultRule[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new FaultPlan([.. rules]);
    }

    /// <summary>Parses the <c>--faults</c> syntax; throws <see cref="FormatException"/> naming the rule that is wrong.</summary>
    public static FaultPlan Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        var rules = new List<FaultRule>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                throw new FormatException($"faults \"{text}\": an empty rule between commas");
            }

            rules.Add(FaultRule.Parse(part));
        }

        return new FaultPlan(rules);
    }

    /// <summary>The plan as <see cref="Parse"/> reads it (<c>none</c> when empty).</summary>
    public override string ToString() => Rules.Count == 0 ? "none" : string.Join(",", Rules);
}
