using SparkEtl.Aws;
using SparkEtl.Runner.Sources.Kinesis.Internal;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>The per-shard read pacing and the backoff, as numbers.</summary>
public sealed class ShardLimitsTests
{
    private static readonly TimeSpan FiveCallsPerSecond = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(0, 200)]
    [InlineData(100_000, 200)]
    [InlineData(1 << 20, 500)]
    [InlineData(2 << 20, 1000)]
    [InlineData(10 << 20, 5000)]
    public void IntervalAfter_KeepsFiveCallsAndTwoMiBPerSecond(long bytes, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ShardReadPacer.IntervalAfter(bytes, FiveCallsPerSecond, 2L << 20));
    }

    [Fact]
    public void BackoffCeiling_DoublesFromTheBase_UpToTheCap()
    {
        var retry = new KinesisRetry(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 3, new KinesisReadStats());

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(n => retry.Ceiling(n).TotalMilliseconds));
    }

    [Theory]
    [InlineData("ProvisionedThroughputExceededException", true)]
    [InlineData("LimitExceededException", true)]
    [InlineData("InternalFailure", false)]
    [InlineData("ExpiredIteratorException", false)]
    public void IsThrottling_KnowsKinesisThrottlingCodes(string code, bool throttling)
    {
        var e = new AwsServiceException("Kinesis", "GetRecords", code, System.Net.HttpStatusCode.BadRequest, null, null, isTransient: throttling);

        Assert.Equal(throttling, KinesisRetry.IsThrottling(e));
    }

    [Fact]
    public async Task RunAsync_RetriesTransientFailures_ABoundedNumberOfTimes_ButWaitsOutThrottling()
    {
        var stats = new KinesisReadStats();
        var retry = new KinesisRetry(TimeSpan.Zero, TimeSpan.Zero, maxTransientAttempts: 3, stats);
        var calls = 0;

        var failing = await Assert.ThrowsAsync<AwsServiceException>(() => retry.RunAsync<int>(_ =>
        {
            calls++;
            throw new AwsServiceException("Kinesis", "ListShards", "InternalFailure", System.Net.HttpStatusCode.InternalServerError, null, null, isTransient: true);
        }, CancellationToken.None));
        var transientCalls = calls;
        calls = 0;
        var answer = await retry.RunAsync(_ => ++calls < 10
            ? throw new AwsServiceException("Kinesis", "ListShards", "LimitExceededException", System.Net.HttpStatusCode.BadRequest, null, null, isTransient: true)
            : Task.FromResult(calls), CancellationToken.None);

        Assert.Equal(3, transientCalls);
        Assert.Equal(10, answer);
        Assert.Equal(9, stats.Throttled);
    }
}
