using SparkEtl.FaultProxy;

namespace SparkEtl.Soak;

/// <summary>The faults a soak injects unless told otherwise.</summary>
public static class SoakFaults
{
    /// <summary>
    /// Every kind at a modest rate, the same plan in front of Kinesis and S3 (each kind applies only where it can
    /// happen: <c>slowdown</c> to S3, <c>throughput</c> and <c>expired</c> to Kinesis, <c>conflict</c> to conditional S3
    /// writes): a GetRecords call fails one time in ten, a PutRecords call one in twelve, an S3 request one in
    /// seventeen (a conditional write one in eleven), and one request in thirty waits 20 to 300 ms first.
    /// </summary>
    public const string DefaultText =
        "500=0.01,503=0.01,slowdown=0.01,throughput=0.03,expired=0.02,conflict=0.03,reset=0.02,truncate=0.01,latency=0.03:20ms-300ms";

    /// <summary><see cref="DefaultText"/>, parsed.</summary>
    public static FaultPlan Default { get; } = FaultPlan.Parse(DefaultText);

    /// <summary>The kinds a default soak must have injected at least once: all but the S3 conflict (it needs a conditional write to land on).</summary>
    public static IReadOnlyList<FaultKind> Required { get; } =
    [
        FaultKind.InternalError, FaultKind.ServiceUnavailable, FaultKind.SlowDown, FaultKind.Throughput, FaultKind.ExpiredIterator,
        FaultKind.ResetBeforeForwarding, FaultKind.ResetAfterForwarding, FaultKind.Truncate, FaultKind.Latency,
    ];
}
