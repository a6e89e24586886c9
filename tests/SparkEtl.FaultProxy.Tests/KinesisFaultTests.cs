using System.Net;
using System.Text;
using SparkEtl.Aws;
using SparkEtl.Aws.Kinesis;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>
/// Each fault kind as the repository's <see cref="KinesisClient"/> sees it through the proxy in front of kinesalite,
/// and the proxy's counters for it. Streams are made and read directly, so only the calls under test pass the proxy.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisFaultTests
{
    private const int Attempts = 4;
    private readonly KinesaliteFixture _kinesalite;

    public KinesisFaultTests(KinesaliteFixture kinesalite) => _kinesalite = kinesalite;

    [Fact]
    public async Task Throughput_OnEveryGetRecords_IsRetriedAsTransient_UntilTheAttemptsRunOut()
    {
        var stream = await PutDirectlyAsync(3);
        await using var proxy = await StartProxyAsync("throughput@kinesis:GetRecords=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None));

        Assert.Equal(("ProvisionedThroughputExceededException", HttpStatusCode.BadRequest, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
        var stats = proxy.GetStats();
        Assert.Equal(Attempts, stats.Operation("kinesis:GetRecords").Requests);
        Assert.Equal(Attempts, stats.Operation("kinesis:GetRecords").FaultsOf(FaultKind.Throughput));
        Assert.Equal(Attempts, stats.FaultsOf(FaultKind.Throughput));
        Assert.Equal(0, stats.Operation("kinesis:GetShardIterator").FaultsOf(FaultKind.Throughput));
    }

    [Fact]
    public async Task Throughput_HalfTheTime_TheClientRetries_AndEveryRecordArrivesOnce()
    {
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await StartProxyAsync("throughput=0.5", seed: 3);
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, maxAttempts: 40));
        var sent = Enumerable.Range(0, 10).Select(i => new PutRecordsEntry($"key-{i}", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"))).ToList();

        var put = await client.PutRecordsAsync(stream, sent, CancellationToken.None);
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        var read = await client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None);

        Assert.Equal(0, put.FailedRecordCount);
        Assert.Equal(sent.Select(s => Encoding.UTF8.GetString(s.Data.Span)), read.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        var stats = proxy.GetStats();
        foreach (var operation in new[] { "kinesis:PutRecords", "kinesis:GetRecords" })
        {
            // Every request but the one that succeeded was throttled.
            Assert.Equal(stats.Operation(operation).Requests - 1, stats.Operation(operation).FaultsOf(FaultKind.Throughput));
        }

        Assert.True(stats.FaultsOf(FaultKind.Throughput) >= 1, "seed 3 throttles at least once");
    }

    [Fact]
    public async Task Expired_OnGetRecords_SurfacesAtOnce_AsNotTransient()
    {
        var stream = await PutDirectlyAsync(1);
        await using var proxy = await StartProxyAsync("expired=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None));

        Assert.Equal(("ExpiredIteratorException", HttpStatusCode.BadRequest, false), (e.ErrorCode, e.StatusCode, e.IsTransient));
        Assert.Equal(1, proxy.GetStats().Operation("kinesis:GetRecords").Requests);
        Assert.Equal(1, proxy.GetStats().FaultsOf(FaultKind.ExpiredIterator));
    }

    [Theory]
    [InlineData("500", "InternalFailure", HttpStatusCode.InternalServerError)]
    [InlineData("503", "ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public async Task ServerErrors_AreRetriedAsTransient_WithTheServiceErrorCode(string kind, string code, HttpStatusCode status)
    {
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await StartProxyAsync($"{kind}@kinesis:DescribeStreamSummary=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStreamSummaryAsync(stream, CancellationToken.None));

        Assert.Equal((code, status, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
        Assert.Equal(Attempts, proxy.GetStats().Operation("kinesis:DescribeStreamSummary").Requests);
        Assert.Equal(Attempts, proxy.GetStats().Faults[kind]);
        Assert.Equal(0, proxy.GetStats().Forwarded);
    }

    [Fact]
    public async Task ResetBeforeForwarding_OnPutRecords_IsTransient_AndNothingReachesTheStream()
    {
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await StartProxyAsync("reset-before@kinesis:PutRecords=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.PutRecordsAsync(stream, [new PutRecordsEntry("k", "{}"u8.ToArray())], CancellationToken.None));

        Assert.Equal((null, null, true), (e.ErrorCode, e.StatusCode, e.IsTransient));
        Assert.Empty(await ReadDirectlyAsync(stream));
        Assert.Equal(Attempts, proxy.GetStats().FaultsOf(FaultKind.ResetBeforeForwarding));
        Assert.Equal(0, proxy.GetStats().Forwarded);
    }

    [Fact]
    public async Task ResetAfterForwarding_OnPutRecords_IsTransient_AndEveryAttemptWasWritten()
    {
        // The idempotency hazard: the client saw only failures, yet each attempt's record is in the stream.
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await StartProxyAsync("reset-after@kinesis:PutRecords=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.PutRecordsAsync(stream, [new PutRecordsEntry("k", "{\"once\":1}"u8.ToArray())], CancellationToken.None));

        Assert.Equal((null, true), (e.StatusCode, e.IsTransient));
        var records = await ReadDirectlyAsync(stream);
        Assert.Equal(Attempts, records.Count);
        Assert.All(records, r => Assert.Equal("{\"once\":1}", Encoding.UTF8.GetString(r.Data.Span)));
        Assert.Equal(Attempts, proxy.GetStats().FaultsOf(FaultKind.ResetAfterForwarding));
        Assert.Equal(Attempts, proxy.GetStats().Forwarded);
    }

    [Fact]
    public async Task Truncate_OnGetRecords_IsDetected_AsATransientFailure()
    {
        var stream = await PutDirectlyAsync(20);
        await using var proxy = await StartProxyAsync("truncate@kinesis:GetRecords=1");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, Attempts));
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None));

        Assert.Equal((HttpStatusCode.OK, true), (e.StatusCode, e.IsTransient));
        Assert.Contains("the connection broke while reading the response", e.Message, StringComparison.Ordinal);
        Assert.Equal(Attempts, proxy.GetStats().FaultsOf(FaultKind.Truncate));
        Assert.Equal(Attempts, proxy.GetStats().Operation("kinesis:GetRecords").Requests);
    }

    [Fact]
    public async Task Latency_DelaysButDoesNotFail_AndIsCountedPerRequest()
    {
        var stream = await _kinesalite.CreateStreamAsync();
        await using var proxy = await StartProxyAsync("latency=1:5ms-20ms");
        using var client = new KinesisClient(TestAws.Options(proxy.Endpoint, maxAttempts: 1));

        await client.PutRecordsAsync(stream, [new PutRecordsEntry("k", "{}"u8.ToArray())], CancellationToken.None);
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        var read = await client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None);

        Assert.Single(read.Records);
        var stats = proxy.GetStats();
        Assert.Equal(3, stats.Requests);
        Assert.Equal(3, stats.FaultsOf(FaultKind.Latency));
        Assert.Equal(3, stats.Forwarded);
    }

    private const string Shard = "shardId-000000000000";

    private Task<FaultInjectingProxy> StartProxyAsync(string faults, long seed = 1) =>
        FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _kinesalite.Endpoint, Faults = FaultPlan.Parse(faults), Seed = seed }, CancellationToken.None);

    private async Task<string> PutDirectlyAsync(int count)
    {
        var stream = await _kinesalite.CreateStreamAsync();
        using var client = _kinesalite.DirectClient();
        await client.PutRecordsAsync(stream, [.. Enumerable.Range(0, count).Select(i => new PutRecordsEntry($"k{i}", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")))], CancellationToken.None);
        return stream;
    }

    private async Task<IReadOnlyList<Core.Records.KinesisRecord>> ReadDirectlyAsync(string stream)
    {
        using var client = _kinesalite.DirectClient();
        var iterator = await client.GetShardIteratorAsync(stream, Shard, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        return (await client.GetRecordsAsync(Shard, iterator, null, CancellationToken.None)).Records;
    }
}
