using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using SparkEtl.FaultProxy.Tests.Fixtures;
using SparkEtl.TestSupport;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>
/// S3 conditional writes through the proxy to s3rver, which ignores them: the proxy answers as S3 documents
/// (If-None-Match: * → 412 PreconditionFailed when the key exists; If-Match → 404 NoSuchKey when it does not,
/// 412 when the ETag differs), atomically against racing writers.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class ConditionalWriteTests
{
    private readonly S3rverFixture _s3rver;

    public ConditionalWriteTests(S3rverFixture s3rver) => _s3rver = s3rver;

    [Fact]
    public async Task S3rverAlone_IgnoresIfNoneMatch_SoBothWritersWin()
    {
        // Why the proxy evaluates the condition: without it the second writer overwrites the first.
        var bucket = await _s3rver.CreateBucketAsync();
        using var store = S3rverFixture.Store(_s3rver.Endpoint, $"s3://{bucket}/checkpoint");

        Assert.True(await store.PutIfAbsentAsync("offsets/1", new MemoryStream([1]), CancellationToken.None));
        Assert.True(await store.PutIfAbsentAsync("offsets/1", new MemoryStream([2]), CancellationToken.None));
        Assert.Equal([2], await store.GetAsync("offsets/1", CancellationToken.None));
    }

    [Fact]
    public async Task PutIfAbsent_ThroughTheProxy_FirstWins_SecondGetsFalse_AndTheFirstBytesStay()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync();
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/checkpoint");

        Assert.True(await store.PutIfAbsentAsync("offsets/1", new MemoryStream(Encoding.UTF8.GetBytes("first")), CancellationToken.None));
        Assert.False(await store.PutIfAbsentAsync("offsets/1", new MemoryStream(Encoding.UTF8.GetBytes("second")), CancellationToken.None));

        Assert.Equal("first", Encoding.UTF8.GetString((await store.GetAsync("offsets/1", CancellationToken.None))!));
        var stats = proxy.GetStats();
        Assert.Equal(1, stats.ConditionalWrites.Passed);
        Assert.Equal(1, stats.ConditionalWrites.PreconditionFailed);
        // A 412 is an answer, not a fault: the SDK does not retry it.
        Assert.Equal(2, stats.Operation("s3:PutObject").Requests);
    }

    [Fact]
    public async Task PutIfAbsent_SixteenRacingWriters_ExactlyOneWins_AndTheObjectHoldsItsBytes()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync();
        var stores = Enumerable.Range(0, 16).Select(_ => S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/checkpoint")).ToList();
        try
        {
            using var start = new SemaphoreSlim(0);
            var writers = stores.Select((store, i) => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await store.PutIfAbsentAsync("commits/7", new MemoryStream(Encoding.UTF8.GetBytes($"writer {i}")), CancellationToken.None);
            })).ToList();
            start.Release(writers.Count);
            var won = await Task.WhenAll(writers);

            var winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
            Assert.Equal($"writer {winner}", Encoding.UTF8.GetString((await stores[0].GetAsync("commits/7", CancellationToken.None))!));
            var stats = proxy.GetStats().ConditionalWrites;
            Assert.Equal(1, stats.Passed);
            Assert.Equal(15, stats.PreconditionFailed);
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task IfMatch_CurrentETagWrites_StaleETagGets412_MissingKeyGets404NoSuchKey()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync();
        using var s3 = S3rverFixture.SdkClient(proxy.Endpoint);
        var first = await s3.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "metadata/version-hint.text", ContentBody = "1" });

        var second = await s3.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "metadata/version-hint.text", ContentBody = "2", IfMatch = first.ETag });
        var stale = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "metadata/version-hint.text", ContentBody = "3", IfMatch = first.ETag }));
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "metadata/none", ContentBody = "x", IfMatch = first.ETag }));

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal((HttpStatusCode.PreconditionFailed, "PreconditionFailed"), (stale.StatusCode, stale.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (missing.StatusCode, missing.ErrorCode));
        using var read = await s3.GetObjectAsync(bucket, "metadata/version-hint.text");
        Assert.Equal("2", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        Assert.Equal(new ConditionalWriteStats { Passed = 1, PreconditionFailed = 1, NoSuchKey = 1 }, proxy.GetStats().ConditionalWrites);
    }

    [Fact]
    public async Task CompleteMultipartUpload_WithIfNoneMatch_Gets412WhenTheKeyExists_AndTheObjectStays()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync();
        using var s3 = S3rverFixture.SdkClient(proxy.Endpoint);
        await s3.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "big", ContentBody = "original" });

        var upload = await s3.InitiateMultipartUploadAsync(bucket, "big");
        var part = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = upload.UploadId,
            PartNumber = 1,
            UseChunkEncoding = false,
            InputStream = new MemoryStream(Encoding.UTF8.GetBytes("replacement")),
        });
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
            IfNoneMatch = "*",
        }));

        Assert.Equal((HttpStatusCode.PreconditionFailed, "PreconditionFailed"), (refused.StatusCode, refused.ErrorCode));
        using var read = await s3.GetObjectAsync(bucket, "big");
        Assert.Equal("original", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        Assert.Equal(1, proxy.GetStats().Operation("s3:CompleteMultipartUpload").Requests);
    }

    [Fact]
    public async Task AwsCli_PutObjectIfNoneMatch_SecondPutFailsWithPreconditionFailed()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await StartProxyAsync();
        using var folder = new TempDirectory("cli-body");
        var body = folder.Combine("body.txt");
        await File.WriteAllTextAsync(body, "from the aws cli");
        string[] put = ["s3api", "put-object", "--endpoint-url", proxy.Endpoint.ToString(), "--bucket", bucket, "--key", "fenced", "--body", body, "--if-none-match", "*"];

        var first = await ChildProcess.RunAsync("aws", put, environment: TestAws.CliEnvironment(), timeout: TimeSpan.FromMinutes(1));
        var second = await ChildProcess.RunAsync("aws", put, environment: TestAws.CliEnvironment(), timeout: TimeSpan.FromMinutes(1));

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("(PreconditionFailed)", second.StandardError, StringComparison.Ordinal);
        Assert.Equal(new ConditionalWriteStats { Passed = 1, PreconditionFailed = 1 }, proxy.GetStats().ConditionalWrites);
    }

    private Task<FaultInjectingProxy> StartProxyAsync() =>
        FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint }, CancellationToken.None);
}
