namespace SparkEtl.FaultProxy;

/// <summary>The tokens of <see cref="FaultKind"/> in the <c>--faults</c> syntax and in the statistics.</summary>
public static class FaultKinds
{
    private static readonly (FaultKind Kind, string Token)[] Tokens =
    [
        (FaultKind.InternalError, "500"),
        (FaultKind.ServiceUnavailable, "503"),
        (FaultKind.SlowDown, "slowdown"),
        (FaultKind.Throughput, "throughput"),
        (FaultKind.ExpiredIterator, "expired"),
        (FaultKind.ConditionalConflict, "conflict"),
        (FaultKind.Reset, "reset"),
        (FaultKind.ResetBeforeForwarding, "reset-before"),
        (FaultKind.ResetAfterForwarding, "reset-after"),
        (FaultKind.Truncate, "truncate"),
        (FaultKind.Latency, "latency"),
    ];

    /// <summary>The kinds a request can end up with, as counted in the statistics (<see cref="FaultKind.Reset"/> counts as the reset it became).</summary>
    public static IReadOnlyList<FaultKind> Applied { get; } =
        [.. Tokens.Select(t => t.Kind).Where(k => k != FaultKind.Reset)];

    /// <summary>The token of <paramref name="kind"/>, e.g. <c>500</c>, <c>slowdown</c>, <c>reset-after</c>.</summary>
    public static string Token(FaultKind kind)
    {
        foreach (var (k, token) in Tokens)
        {
            if (k == kind)
            {
                return token;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind.");
    }

    /// <summary>The kind a token names (ordinal, case-insensitive), or false.</summary>
    public static bool TryParse(string token, out FaultKind kind)
    {
        foreach (var (k, t) in Tokens)
        {
            if (string.Equals(t, token, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Every token, in the order of the enum, for messages.</summary>
    public static string AllTokens => string.Join(", ", Tokens.Select(t => t.Token));
}
