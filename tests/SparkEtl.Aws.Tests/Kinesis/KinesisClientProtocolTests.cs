using System.Net;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Aws.Tests.Fixtures;
using SparkEtl.Core;

namespace SparkEtl.Aws.Tests.Kinesis;

/// <summary>The Kinesis client against an HTTP test double: wire format, error mapping, retries, pagination, parsing.</summary>
public sealed class KinesisClientProtocolTests
{
    private const string Throttled = """{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded for shard shardId-000000000000"}""";
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/");

    private readonly List<TimeSpan> _delays = [];

    private KinesisClient Client(StubHandler handler, int maxAttempts = 5) => new(
        new AwsClientOptions
        {
            Endpoint = Endpoint,
            Region = TestAws.Region,
            Credentials = TestAws.DummyCredentials,
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromMilliseconds(250),
            EnvironmentVariables = _ => null,
            Delay = (wait, _) =>
            {
                _delays.Add(wait);
                return Task.CompletedTask;
            },
        },
        handler);

    [Fact]
    public async Task Request_IsSignedJson11PostToRoot()
    {
        var handler = new StubHandler().Respond(HttpStatusCode.OK, """{"ShardIterator":"it"}""");
        using var client = Client(handler);

        await client.GetShardIteratorAsync("s", "shardId-000000000000", ShardIteratorPosition.AfterSequenceNumber("49590338271490256608559692538361571095921575989136588898"), CancellationToken.None);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(Endpoint, request.RequestUri);
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal("Kinesis_20131202.GetShardIterator", request.Headers.GetValues("X-Amz-Target").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/kinesis/aws4_request, SignedHeaders=[a-z0-9;-]*content-type;host;[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$", authorization);
        Assert.Equal(
            """{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AFTER_SEQUENCE_NUMBER","StartingSequenceNumber":"49590338271490256608559692538361571095921575989136588898"}""",
            body);
    }

    [Fact]
    public async Task GetShardIterator_AtTimestamp_SendsEpochSecondsWithMilliseconds()
    {
        var handler = new StubHandler().Respond(HttpStatusCode.OK, """{"ShardIterator":"it"}""");
        using var client = Client(handler);

        await client.GetShardIteratorAsync("s", "shardId-000000000001", ShardIteratorPosition.AtTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)), CancellationToken.None);

        Assert.Contains("\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":1700000000.123", handler.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_IsRetriedWithBoundedJitteredBackoff_ThenSucceeds()
    {
        var handler = new StubHandler()
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.BadRequest, Throttled)
            .Respond(HttpStatusCode.OK, """{"ShardIterator":"it-after-throttling"}""");
        using var client = Client(handler);

        var iterator = await client.GetShardIteratorAsync("s", "shardId-000000000000", ShardIteratorPosition.TrimHorizon, CancellationToken.None);

        Assert.Equal("it-after-throttling", iterator);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(3, _delays.Count);
        var ceilings = new[] { 100, 200, 250 };
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(_delays[i], TimeSpan.Zero, TimeSpan.FromMilliseconds(ceilings[i]));
        }

        // Each attempt is signed anew (the date may move on); all carry the same body.
        Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
    }

    [Fact]
    public async Task Throttling_BeyondMaxAttempts_SurfacesTransientException()
    {
        var handler = new StubHandler().Respond(HttpStatusCode.BadRequest, Throttled).Respond(HttpStatusCode.BadRequest, Throttled).Respond(HttpStatusCode.BadRequest, Throttled);
        using var client = Client(handler, maxAttempts: 3);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync("shardId-000000000000", "it", null, CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.True(e.IsTransient);
        Assert.Equal("ProvisionedThroughputExceededException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("Kinesis", e.Service);
        Assert.Equal("GetRecords", e.Operation);
    }

    [Fact]
    public async Task LimitExceeded_IsTransientForKinesis()
    {
        var handler = new StubHandler()
            .Respond(HttpStatusCode.BadRequest, """{"__type":"LimitExceededException","message":"Rate exceeded for stream s"}""")
            .Respond(HttpStatusCode.OK, """{"Shards":[]}""");
        using var client = Client(handler);

        Assert.Empty(await client.ListShardsAsync("s", CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ResourceNotFound_IsNotRetried_AndCarriesCodeStatusAndRequestId()
    {
        var handler = new StubHandler().Respond(
            HttpStatusCode.BadRequest,
            """{"__type":"ResourceNotFoundException","message":"Stream nope under account 000000000000 not found."}""",
            ("x-amzn-RequestId", "c0ffee-1"));
        using var client = Client(handler);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStreamSummaryAsync("nope", CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Empty(_delays);
        Assert.False(e.IsTransient);
        Assert.IsAssignableFrom<SparkEtlException>(e);
        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Equal("c0ffee-1", e.RequestId);
        Assert.Contains("Stream nope under account", e.Message, StringComparison.Ordinal);
        Assert.Contains("DescribeStreamSummary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorAndConnectionFailure_AreTransient()
    {
        var handler = new StubHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, "<html>unavailable</html>")
            .Throw(new HttpRequestException("Connection refused"))
            .Respond(HttpStatusCode.OK, """{"Shards":[]}""");
        using var client = Client(handler);

        await client.ListShardsAsync("s", CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task ConnectionFailure_WhenAttemptsRunOut_IsTransientWithoutStatus()
    {
        var handler = new StubHandler().Throw(new HttpRequestException("Connection refused"));
        using var client = Client(handler, maxAttempts: 1);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => client.ListShardsAsync("s", CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
        Assert.Null(e.ErrorCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task Cancellation_DuringBackoff_StopsRetrying()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new StubHandler().Respond(HttpStatusCode.BadRequest, Throttled).Respond(HttpStatusCode.OK, """{"Shards":[]}""");
        using var cancellingClient = new KinesisClient(
            new AwsClientOptions
            {
                Endpoint = Endpoint,
                Region = TestAws.Region,
                Credentials = TestAws.DummyCredentials,
                EnvironmentVariables = _ => null,
                Delay = (wait, token) =>
                {
                    cancellation.Cancel();
                    return Task.Delay(wait, token);
                },
            },
            handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancellingClient.ListShardsAsync("s", cancellation.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ListShards_FollowsNextToken_WithoutStreamNameOnLaterPages()
    {
        var handler = new StubHandler()
            .Respond(HttpStatusCode.OK, """{"Shards":[{"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"1"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}],"NextToken":"page2"}""")
            .Respond(HttpStatusCode.OK, """{"Shards":[{"ShardId":"shardId-000000000001","ParentShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"2","EndingHashKey":"3"},"SequenceNumberRange":{"StartingSequenceNumber":"2","EndingSequenceNumber":"9"}}],"NextToken":"page3"}""")
            .Respond(HttpStatusCode.OK, """{"Shards":[]}""");
        using var client = Client(handler);

        var shards = await client.ListShardsAsync("s", pageSize: 1, CancellationToken.None);

        Assert.Equal(["shardId-000000000000", "shardId-000000000001"], shards.Select(s => s.ShardId));
        Assert.Equal("shardId-000000000000", shards[1].ParentShardId);
        Assert.True(shards[1].IsClosed);
        Assert.False(shards[0].IsClosed);
        Assert.Equal("""{"StreamName":"s","MaxResults":1}""", handler.Requests[0].Body);
        Assert.Equal("""{"NextToken":"page2","MaxResults":1}""", handler.Requests[1].Body);
        Assert.Equal("""{"NextToken":"page3","MaxResults":1}""", handler.Requests[2].Body);
    }

    [Fact]
    public async Task GetRecords_DecodesDataArrivalTimeAndChildShards()
    {
        // The shape of the Kinesis API reference's GetRecords response for a drained, closed shard.
        var handler = new StubHandler().Respond(HttpStatusCode.OK, """
            {"Records":[{"SequenceNumber":"21269319989652663814458848515492872193","ApproximateArrivalTimestamp":1.700000000123E9,"Data":"AP8Qf4A=","PartitionKey":"p","EncryptionType":"NONE"}],
             "MillisBehindLatest":2100,
             "ChildShards":[{"ShardId":"shardId-000000000001","ParentShards":["shardId-000000000000"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"170141183460469231731687303715884105727"}},
                            {"ShardId":"shardId-000000000002","ParentShards":["shardId-000000000000"],"HashKeyRange":{"StartingHashKey":"170141183460469231731687303715884105728","EndingHashKey":"340282366920938463463374607431768211455"}}]}
            """);
        using var client = Client(handler);

        var result = await client.GetRecordsAsync("shardId-000000000000", "it", 25, CancellationToken.None);

        var record = Assert.Single(result.Records);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10, 0x7F, 0x80 }, record.Data.ToArray());
        Assert.Equal(1700000000123L, record.ApproximateArrivalMs);
        Assert.Equal("shardId-000000000000", record.ShardId);
        Assert.Equal("p", record.PartitionKey);
        Assert.Equal("21269319989652663814458848515492872193", record.SequenceNumber);
        Assert.True(result.IsShardEnd);
        Assert.Equal(2100, result.MillisBehindLatest);
        Assert.Equal(["shardId-000000000001", "shardId-000000000002"], result.ChildShards.Select(c => c.ShardId));
        Assert.All(result.ChildShards, c => Assert.Equal(["shardId-000000000000"], c.ParentShards));
        Assert.Equal("""{"ShardIterator":"it","Limit":25}""", handler.Requests[0].Body);
    }

    [Fact]
    public async Task PutRecords_SendsBase64Data_AndReturnsPerEntryResults()
    {
        var handler = new StubHandler().Respond(HttpStatusCode.OK, """
            {"FailedRecordCount":1,"Records":[{"SequenceNumber":"1","ShardId":"shardId-000000000000"},{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"}]}
            """);
        using var client = Client(handler);

        var result = await client.PutRecordsAsync("s", [new PutRecordsEntry("a", new byte[] { 0, 255 }), new PutRecordsEntry("b", new byte[] { 1 }, "42")], CancellationToken.None);

        Assert.Equal("""{"StreamName":"s","Records":[{"Data":"AP8=","PartitionKey":"a"},{"Data":"AQ==","ExplicitHashKey":"42","PartitionKey":"b"}]}""", handler.Requests[0].Body);
        Assert.Equal(1, result.FailedRecordCount);
        Assert.True(result.Records[0].Succeeded);
        Assert.Equal("ProvisionedThroughputExceededException", result.Records[1].ErrorCode);
    }

    [Fact]
    public async Task Resharding_Requests_AreShapedAsTheApi()
    {
        // kinesalite has no UpdateShardCount, so its request shape is pinned here.
        var handler = new StubHandler()
            .Respond(HttpStatusCode.OK, """{"StreamName":"s","CurrentShardCount":1,"TargetShardCount":4}""")
            .Respond(HttpStatusCode.OK, "{}")
            .Respond(HttpStatusCode.OK, string.Empty);
        using var client = Client(handler);

        await client.UpdateShardCountAsync("s", 4, CancellationToken.None);
        await client.SplitShardAsync("s", "shardId-000000000000", "170141183460469231731687303715884105728", CancellationToken.None);
        await client.MergeShardsAsync("s", "shardId-000000000001", "shardId-000000000002", CancellationToken.None);

        Assert.Equal("""{"StreamName":"s","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}""", handler.Requests[0].Body);
        Assert.Equal("""{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"170141183460469231731687303715884105728"}""", handler.Requests[1].Body);
        Assert.Equal("""{"StreamName":"s","ShardToMerge":"shardId-000000000001","AdjacentShardToMerge":"shardId-000000000002"}""", handler.Requests[2].Body);
        Assert.Equal(
            ["Kinesis_20131202.UpdateShardCount", "Kinesis_20131202.SplitShard", "Kinesis_20131202.MergeShards"],
            handler.Requests.Select(r => r.Request.Headers.GetValues("X-Amz-Target").Single()));
    }

    [Fact]
    public async Task PutRecords_OverApiLimits_IsRejectedBeforeSending()
    {
        var handler = new StubHandler();
        using var client = Client(handler);

        var tooMany = Enumerable.Range(0, 501).Select(i => new PutRecordsEntry("k", new byte[1])).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutRecordsAsync("s", tooMany, CancellationToken.None));
        var tooBig = Enumerable.Range(0, 6).Select(i => new PutRecordsEntry("k", new byte[1024 * 1024])).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutRecordsAsync("s", tooBig, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PutRecordsAsync("s", [], CancellationToken.None));
        Assert.Empty(handler.Requests);
    }
}
