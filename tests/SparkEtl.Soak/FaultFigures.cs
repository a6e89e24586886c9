using SparkEtl.FaultProxy;

namespace SparkEtl.Soak;

/// <summary>What the two fault proxies did: their counters as <see cref="FaultProxyStats"/>, and the faults of both by kind.</summary>
/// <param name="Kinesis">The proxy in front of kinesalite (the producer's and the job's Kinesis requests).</param>
/// <param name="S3">The proxy in front of s3rver (the job's warehouse and checkpoint requests).</param>
public sealed record FaultFigures(FaultProxyStats Kinesis, FaultProxyStats S3)
{
    /// <summary>Faults injected by kind token, both proxies together; every kind is present.</summary>
    public IReadOnlyDictionary<string, long> ByKind =>
        new SortedDictionary<string, long>(
            FaultKinds.Applied.ToDictionary(FaultKinds.Token, k => Kinesis.FaultsOf(k) + S3.FaultsOf(k), StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>The count of one kind over both proxies.</summary>
    public long Of(FaultKind kind) => Kinesis.FaultsOf(kind) + S3.FaultsOf(kind);
}
