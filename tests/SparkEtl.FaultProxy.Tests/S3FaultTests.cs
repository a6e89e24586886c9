using System.Net;
using System.Text;
using SparkEtl.Aws;
using SparkEtl.FaultProxy.Internal;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>
/// Each fault kind as the repository's <see cref="Aws.S3.S3ObjectStore"/> (AWSSDK.S3 underneath) sees it through the
/// proxy in front of s3rver, and the proxy's counters for it. Buckets are made and checked directly.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3FaultTests
{
    private const int Attempts = 3;
    private readonly S3rverFixture _s3rver;

    public S3FaultTests(S3rverFixture s3rver) => _s3rver = s3rver;

    [Theory]
    [InlineData("500", "InternalError", HttpStatusCode.InternalServerError)]
    [InlineData("503", "ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    [InlineData("slowdown", "SlowDown", HttpStatusCode.ServiceUnavailable)]
    public async Task ServerErrors_OnEveryPut_AreRetriedByTheSdk_ThenSurfaceAsTransient(string kind, string code, HttpStatusCode status)
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync($"{kind}@s3:PUT=1");
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.PutAsync("a", new MemoryStream([1, 2, 3]), CancellationToken.None));

        Assert.Equal((code, status, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
        var put = proxy.GetStats().Operation("s3:PutObject");
        Assert.Equal(Attempts, put.Requests);
        Assert.Equal(Attempts, put.Faults[kind]);
        Assert.Equal(0, proxy.GetStats().Forwarded);
    }

    [Fact]
    public async Task MixedServerErrors_TheStoreStillPutsAndGetsEveryObjectExactly()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync("500@s3=0.1,503@s3=0.05,slowdown=0.05", seed: 11);
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/t", maxAttempts: 12);
        var objects = Enumerable.Range(0, 6).ToDictionary(i => $"part-{i:000}", i => PassThroughTests.RandomBytes(1000 + i, seed: i));

        foreach (var (key, bytes) in objects)
        {
            await store.PutAsync(key, new MemoryStream(bytes), CancellationToken.None);
        }

        foreach (var (key, bytes) in objects)
        {
            Assert.Equal(bytes, await store.GetAsync(key, CancellationToken.None));
        }

        var stats = proxy.GetStats();
        Assert.Equal(12, stats.Forwarded);
        Assert.Equal(stats.Requests - 12, stats.FaultsOf(FaultKind.InternalError) + stats.FaultsOf(FaultKind.ServiceUnavailable) + stats.FaultsOf(FaultKind.SlowDown));
        Assert.True(stats.TotalFaults >= 2, $"seed 11 injects a few faults, got {stats.TotalFaults}");
    }

    [Fact]
    public async Task ResetBeforeForwarding_OnGet_SurfacesAsATransientConnectionFailure()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        using (var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}"))
        {
            await direct.PutAsync("a", new MemoryStream([7]), CancellationToken.None);
        }

        await using var proxy = await StartProxyAsync("reset-before@s3:GET=1");
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetAsync("a", CancellationToken.None));

        Assert.Equal((null, true), (e.StatusCode, e.IsTransient));
        Assert.Equal(proxy.GetStats().Operation("s3:GetObject").Requests, proxy.GetStats().FaultsOf(FaultKind.ResetBeforeForwarding));
        Assert.True(proxy.GetStats().FaultsOf(FaultKind.ResetBeforeForwarding) >= 1);
    }

    [Fact]
    public async Task ResetAfterForwarding_OnPut_FailsForTheClient_ButTheObjectWasWritten()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync("reset-after@s3:PUT=1");
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.PutAsync("written", new MemoryStream([4, 2]), CancellationToken.None));

        Assert.True(e.IsTransient);
        using var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}");
        Assert.Equal([4, 2], await direct.GetAsync("written", CancellationToken.None));
        Assert.Equal(proxy.GetStats().Forwarded, proxy.GetStats().FaultsOf(FaultKind.ResetAfterForwarding));
    }

    [Fact]
    public async Task Truncate_OnGet_IsDetected_AsATransientFailure()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        var bytes = PassThroughTests.RandomBytes(200_000, seed: 5);
        using (var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}"))
        {
            await direct.PutAsync("big", new MemoryStream(bytes), CancellationToken.None);
        }

        await using var proxy = await StartProxyAsync("truncate@s3:GET=1");
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.GetAsync("big", CancellationToken.None));

        Assert.True(e.IsTransient);
        var get = proxy.GetStats().Operation("s3:GetObject");
        Assert.True(get.Requests >= 1);
        Assert.Equal(get.Requests, get.FaultsOf(FaultKind.Truncate));
    }

    [Fact]
    public async Task Conflict_OnEveryConditionalPut_FailsAsTransient_AndNothingIsWritten()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync("conflict=1");
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => store.PutIfAbsentAsync("offsets/0", new MemoryStream([1]), CancellationToken.None));
        await store.PutAsync("plain", new MemoryStream([2]), CancellationToken.None);

        // 409 ConditionalRequestConflict means nothing was written and the race is undecided: tried again, never "lost".
        Assert.True(e.IsTransient);
        Assert.Equal("ConditionalRequestConflict", e.ErrorCode);
        using var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}");
        Assert.Null(await direct.GetAsync("offsets/0", CancellationToken.None));
        Assert.Equal([2], await direct.GetAsync("plain", CancellationToken.None));
        var stats = proxy.GetStats();
        Assert.True(stats.FaultsOf(FaultKind.ConditionalConflict) > 1);
    }

    [Fact]
    public async Task Conflict_OnAConditionalPut_IsTriedAgain_AndWinsOnceTheRaceIsDecided()
    {
        var plan = FaultPlan.Parse("conflict@s3:PutObject=0.5");
        var target = new RequestTarget(RequestTarget.S3, "PutObject", "PUT", "b", "k") { IfNoneMatch = "*" };
        var seed = Enumerable.Range(0, 1000).First(s =>
            new FaultDecider(s).Decide(plan, target, 0).Fault == FaultKind.ConditionalConflict && new FaultDecider(s).Decide(plan, target, 1).Fault is null);
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = plan, Seed = seed }, CancellationToken.None);
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        Assert.True(await store.PutIfAbsentAsync("offsets/0", new MemoryStream([1]), CancellationToken.None));

        using var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}");
        Assert.Equal([1], await direct.GetAsync("offsets/0", CancellationToken.None));
        Assert.Equal(1, proxy.GetStats().FaultsOf(FaultKind.ConditionalConflict));
    }

    [Fact]
    public async Task ResetAfterForwarding_OnAConditionalPut_TheRetryMeetsItsOwnObject()
    {
        // The first attempt reaches s3rver and its answer is lost; the SDK's retry then finds the key taken (412),
        // by the very write that was lost. Picks a seed whose first request gets reset-after and second nothing.
        var plan = FaultPlan.Parse("reset-after@s3:PutObject=0.5");
        var target = new RequestTarget(RequestTarget.S3, "PutObject", "PUT", "b", "k") { IfNoneMatch = "*" };
        var seed = Enumerable.Range(0, 1000).First(s =>
            new FaultDecider(s).Decide(plan, target, 0).Fault == FaultKind.ResetAfterForwarding && new FaultDecider(s).Decide(plan, target, 1).Fault is null);
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = plan, Seed = seed }, CancellationToken.None);
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}", Attempts);

        var won = await store.PutIfAbsentAsync("commits/3", new MemoryStream(Encoding.UTF8.GetBytes("mine")), CancellationToken.None);

        var stats = proxy.GetStats();
        Assert.Equal(1, stats.FaultsOf(FaultKind.ResetAfterForwarding));
        Assert.Equal(new ConditionalWriteStats { Passed = 1, PreconditionFailed = 1 }, stats.ConditionalWrites);
        using var direct = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}");
        Assert.Equal("mine", Encoding.UTF8.GetString((await direct.GetAsync("commits/3", CancellationToken.None))!));
        // What the store reports is the caller's problem to reconcile: today it says it lost to itself.
        Assert.False(won);
    }

    private Task<FaultInjectingProxy> StartProxyAsync(string faults, long seed = 1) =>
        FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = FaultPlan.Parse(faults), Seed = seed }, CancellationToken.None);
}
