using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>The seeded decisions: reproducible, at the configured rates, mutually exclusive, and scoped.</summary>
public sealed class FaultDeciderTests
{
    private static readonly RequestTarget GetRecords = new(RequestTarget.Kinesis, "GetRecords", "POST", null, null);
    private static readonly RequestTarget PutObject = new(RequestTarget.S3, "PutObject", "PUT", "bucket", "checkpoint/offsets/1");

    [Fact]
    public void SameSeedAndOrdinal_SameDecision_OtherSeed_OtherDecisions()
    {
        var plan = FaultPlan.Parse("500=0.2,throughput=0.2,reset=0.2,truncate=0.2,latency=0.5:1ms-100ms");
        var first = Decisions(new FaultDecider(42), plan, GetRecords, 2000);
        var again = Decisions(new FaultDecider(42), plan, GetRecords, 2000);
        var other = Decisions(new FaultDecider(43), plan, GetRecords, 2000);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void EachKind_HappensAtItsRate_AndAtMostOnePerRequest()
    {
        var plan = FaultPlan.Parse("500=0.1,503=0.05,throughput=0.2,expired=0.05,reset=0.1,truncate=0.1,latency=0.3:5ms");
        var decisions = Decisions(new FaultDecider(7), plan, GetRecords, 100_000);

        Assert.InRange(Share(decisions, FaultKind.InternalError), 0.095, 0.105);
        Assert.InRange(Share(decisions, FaultKind.ServiceUnavailable), 0.046, 0.054);
        Assert.InRange(Share(decisions, FaultKind.Throughput), 0.194, 0.206);
        Assert.InRange(Share(decisions, FaultKind.ExpiredIterator), 0.046, 0.054);
        Assert.InRange(Share(decisions, FaultKind.ResetBeforeForwarding), 0.046, 0.054);
        Assert.InRange(Share(decisions, FaultKind.ResetAfterForwarding), 0.046, 0.054);
        Assert.InRange(Share(decisions, FaultKind.Truncate), 0.095, 0.105);
        Assert.InRange(decisions.Count(d => d.Latency > TimeSpan.Zero) / (double)decisions.Count, 0.295, 0.305);
        Assert.InRange(decisions.Count(d => d.Fault is null) / (double)decisions.Count, 0.395, 0.405);
        Assert.All(decisions.Where(d => d.Latency > TimeSpan.Zero), d => Assert.Equal(TimeSpan.FromMilliseconds(5), d.Latency));
    }

    [Fact]
    public void RatesZeroAndOne_NeverAndAlways()
    {
        Assert.All(Decisions(new FaultDecider(1), FaultPlan.Parse("500=0,latency=0:10ms"), GetRecords, 10_000), d => Assert.Equal(FaultDecision.None, d));
        Assert.All(Decisions(new FaultDecider(1), FaultPlan.Parse("503=1"), GetRecords, 10_000), d => Assert.Equal(FaultKind.ServiceUnavailable, d.Fault));
        Assert.All(Decisions(new FaultDecider(1), FaultPlan.None, GetRecords, 100), d => Assert.Equal(FaultDecision.None, d));
    }

    [Fact]
    public void KindsAndScopes_ThatDoNotApply_LeaveTheRequestAlone()
    {
        // Throughput and expiry are Kinesis faults; the s3 PUT scope and the other key prefix do not match either.
        var plan = FaultPlan.Parse("throughput=1,expired=1,500@s3:GET=1,503@s3:*:bucket/data/=1,reset@kinesis=1");
        Assert.All(Decisions(new FaultDecider(3), plan, PutObject, 1000), d => Assert.Null(d.Fault));

        var matching = FaultPlan.Parse("slowdown@s3:PUT:bucket/checkpoint/=1");
        Assert.All(Decisions(new FaultDecider(3), matching, PutObject, 1000), d => Assert.Equal(FaultKind.SlowDown, d.Fault));
    }

    [Fact]
    public void LatencyRanges_StayInsideTheirBounds_AndSpreadOverThem()
    {
        var decisions = Decisions(new FaultDecider(9), FaultPlan.Parse("latency=1:50ms-150ms"), GetRecords, 10_000);

        Assert.All(decisions, d => Assert.InRange(d.Latency, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150)));
        Assert.True(decisions.Min(d => d.Latency) < TimeSpan.FromMilliseconds(51));
        Assert.True(decisions.Max(d => d.Latency) > TimeSpan.FromMilliseconds(149));
    }

    private static List<FaultDecision> Decisions(FaultDecider decider, FaultPlan plan, RequestTarget request, int count) =>
        [.. Enumerable.Range(0, count).Select(i => decider.Decide(plan, request, i))];

    private static double Share(List<FaultDecision> decisions, FaultKind kind) => decisions.Count(d => d.Fault == kind) / (double)decisions.Count;
}
