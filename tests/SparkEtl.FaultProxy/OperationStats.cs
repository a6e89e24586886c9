namespace SparkEtl.FaultProxy;

/// <summary>The counters of one operation (<c>kinesis:GetRecords</c>, <c>s3:PutObject</c>, ...).</summary>
public sealed record OperationStats
{
    /// <summary>Requests of this operation received.</summary>
    public long Requests { get; init; }

    /// <summary>Faults injected into them, by kind token; kinds that did not happen are absent.</summary>
    public IReadOnlyDictionary<string, long> Faults { get; init; } = new Dictionary<string, long>();

    /// <summary>The count of one fault kind (0 when none).</summary>
    public long FaultsOf(FaultKind kind) => Faults.TryGetValue(FaultKinds.Token(kind), out var n) ? n : 0;
}
