namespace SparkEtl.FaultProxy.Tests;

/// <summary>The <c>--faults</c> syntax: what it accepts, how it prints, and how it names what is wrong.</summary>
public sealed class FaultPlanTests
{
    [Fact]
    public void Parse_TheDocumentedExample_ReadsEveryRuleInOrder()
    {
        var plan = FaultPlan.Parse("500=0.02,503=0.02,slowdown=0.01,throughput=0.05,expired=0.01,reset=0.01,truncate=0.01,latency=0.05:200ms");

        Assert.Equal(
            [FaultKind.InternalError, FaultKind.ServiceUnavailable, FaultKind.SlowDown, FaultKind.Throughput, FaultKind.ExpiredIterator, FaultKind.Reset, FaultKind.Truncate, FaultKind.Latency],
            plan.Rules.Select(r => r.Kind));
        Assert.Equal([0.02, 0.02, 0.01, 0.05, 0.01, 0.01, 0.01, 0.05], plan.Rules.Select(r => r.Rate));
        Assert.All(plan.Rules, r => Assert.Null(r.Scope));
        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.Rules[^1].LatencyMin);
        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.Rules[^1].LatencyMax);
    }

    [Theory]
    [InlineData("500=0.02,latency=0.05:200ms", "500=0.02,latency=0.05:200ms")]
    [InlineData(" throughput@kinesis:GetRecords = 0.1 , reset-after@s3:PUT:bucket/checkpoint/=1 ", "throughput@kinesis:GetRecords=0.1,reset-after@s3:PUT:bucket/checkpoint/=1")]
    [InlineData("latency@s3=0.5:50ms-1.5s", "latency@s3=0.5:50ms-1500ms")]
    [InlineData("conflict@s3:*:b/commits/=0.25,truncate@s3:GetObject=.5", "conflict@s3:*:b/commits/=0.25,truncate@s3:GetObject=0.5")]
    [InlineData("SLOWDOWN@S3=0", "slowdown@s3=0")]
    [InlineData("", "none")]
    [InlineData("none", "none")]
    public void Parse_ThenToString_GivesTheCanonicalForm_WhichParsesToItself(string text, string canonical)
    {
        var plan = FaultPlan.Parse(text);

        Assert.Equal(canonical, plan.ToString());
        Assert.Equal(canonical, FaultPlan.Parse(canonical).ToString());
    }

    [Theory]
    [InlineData("boom=0.1", "unknown kind \"boom\"")]
    [InlineData("500", "expected kind[@scope]=rate")]
    [InlineData("500=1.5", "the rate must be a number from 0 to 1, got \"1.5\"")]
    [InlineData("500=-0.1", "the rate must be a number from 0 to 1")]
    [InlineData("500=abc", "the rate must be a number from 0 to 1")]
    [InlineData("500=0.1,,503=0.1", "an empty rule between commas")]
    [InlineData("latency=0.1", "latency needs a duration")]
    [InlineData("latency=0.1:200", "a duration ends in ms or s")]
    [InlineData("latency=0.1:300ms-100ms", "ends before it starts")]
    [InlineData("500=0.1:200ms", "only latency takes a duration")]
    [InlineData("throughput@s3=0.1", "throughput never happens to s3 requests")]
    [InlineData("expired@kinesis:PutRecords=0.1", "expired never happens to kinesis:PutRecords requests")]
    [InlineData("slowdown@kinesis=0.1", "slowdown never happens to kinesis requests")]
    [InlineData("conflict@kinesis=0.1", "conflict never happens to kinesis requests")]
    [InlineData("500@kinesis:GET=0.1", "kinesis requests are all POST")]
    [InlineData("500@kinesis:GetRecords:x=0.1", "only s3 scopes take a bucket/key prefix")]
    [InlineData("500@=0.1", "the service is missing")]
    public void Parse_Invalid_ThrowsFormatException_NamingWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FaultPlan.Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InCode_ChecksTheSameRules()
    {
        Assert.Equal("latency@kinesis=0.5:10ms-20ms", FaultRule.Create(FaultKind.Latency, 0.5, FaultScope.Parse("kinesis"), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultRule.Create(FaultKind.InternalError, 1.01));
        Assert.Throws<ArgumentException>(() => FaultRule.Create(FaultKind.Latency, 0.5));
        Assert.Throws<ArgumentException>(() => FaultRule.Create(FaultKind.Throughput, 0.5, FaultScope.Parse("s3")));
        Assert.Equal("500=1,503=0.5", FaultPlan.Of(FaultRule.Create(FaultKind.InternalError, 1), FaultRule.Create(FaultKind.ServiceUnavailable, 0.5)).ToString());
    }
}
