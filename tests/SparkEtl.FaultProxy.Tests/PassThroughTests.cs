using System.Net;
using System.Text;
using SparkEtl.Aws.Kinesis;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>With no faults the proxy is invisible: what the upstream receives is what the client sent, and back.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task Request_ArrivesWithItsMethodRawTargetHeadersHostAndBodyUnchanged()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint }, CancellationToken.None);
        using var http = new HttpClient();
        var body = RandomBytes((1024 * 1024) + 3, seed: 1);
        const string Target = "/bkt/some%20key/with%2Bplus~%7E?a=b%2Fc&x=%7E&flag";
        using var request = new HttpRequestMessage(HttpMethod.Put, RawUri(proxy.Endpoint, Target)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/octet-stream");
        request.Content.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData(body);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=S3RVER/20261201/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00ff");
        request.Headers.TryAddWithoutValidation("x-amz-date", "20261201T000000Z");
        request.Headers.TryAddWithoutValidation("x-amz-meta-note", "two  spaces, a comma");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("PUT", received.Method);
        Assert.Equal(Target, received.RawTarget);
        Assert.Equal(body, received.Body);
        Assert.Equal($"{proxy.Endpoint.Host}:{proxy.Endpoint.Port}", received.Header("Host"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("Content-Length"));
        Assert.Equal(Convert.ToBase64String(request.Content.Headers.ContentMD5), received.Header("Content-MD5"));
        Assert.Equal("application/octet-stream", received.Header("Content-Type"));
        Assert.Equal("AWS4-HMAC-SHA256 Credential=S3RVER/20261201/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00ff", received.Header("Authorization"));
        Assert.Equal("20261201T000000Z", received.Header("x-amz-date"));
        Assert.Equal("two  spaces, a comma", received.Header("x-amz-meta-note"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answer_ComesBackWithItsStatusHeadersAndBodyUnchanged(bool chunked)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint }, CancellationToken.None);
        var body = RandomBytes(300_001, seed: 2);
        upstream.Answer = _ => new UpstreamAnswer(
            206,
            [
                new("Content-Type", "application/x-amz-json-1.1"),
                new("ETag", "\"0123abcd\""),
                new("x-amz-request-id", "REQ123"),
                new("x-amz-meta-note", "kept as is"),
                new("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT"),
            ],
            body,
            chunked);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(proxy.Endpoint, "bkt/key"), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(chunked ? null : body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("\"0123abcd\"", response.Headers.ETag?.Tag);
        Assert.Equal("REQ123", string.Join(",", response.Headers.GetValues("x-amz-request-id")));
        Assert.Equal("kept as is", string.Join(",", response.Headers.GetValues("x-amz-meta-note")));
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.Equal(chunked, response.Headers.TransferEncodingChunked == true);
        Assert.False(response.Headers.Contains(ServiceErrorsHeader));
    }

    [Fact]
    public async Task Signatures_OfTheKinesisAndS3Clients_VerifyAtTheUpstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint }, CancellationToken.None);
        var objectBody = RandomBytes(5000, seed: 3);
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(objectBody))}\"";
        upstream.Answer = request => request.Header("X-Amz-Target") is { } target
            ? new UpstreamAnswer(200, [new("Content-Type", "application/x-amz-json-1.1")], Encoding.UTF8.GetBytes(
                """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"1","ShardId":"shardId-000000000000"}]}"""))
            : request.Method == "GET"
                ? new UpstreamAnswer(200, [new("Content-Type", "application/octet-stream"), new("ETag", etag)], objectBody)
                : new UpstreamAnswer(200, [new("ETag", etag)], []);

        using (var kinesis = new KinesisClient(TestAws.Options(proxy.Endpoint)))
        {
            await kinesis.PutRecordsAsync("stream", [new PutRecordsEntry("key", Encoding.UTF8.GetBytes("{\"PRICE\":1}"))], CancellationToken.None);
        }

        using (var store = S3rverFixture.Store(proxy.Endpoint, "s3://bucket/prefix"))
        {
            await store.PutAsync("dir/object name+1.bin", new MemoryStream(objectBody), CancellationToken.None);
            Assert.Equal(objectBody, await store.GetAsync("dir/object name+1.bin", CancellationToken.None));
        }

        var requests = upstream.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal("Kinesis_20131202.PutRecords", requests[0].Header("X-Amz-Target"));
        Assert.All(requests, request => Assert.Null(SigV4Verifier.Verify(request, "S3RVER")));
        // The check can fail: the same request with another secret does not verify.
        Assert.NotNull(SigV4Verifier.Verify(requests[0], "another secret"));
    }

    private const string ServiceErrorsHeader = "x-faultproxy-fault";

    internal static Uri RawUri(Uri endpoint, string rawTarget) =>
        new(endpoint.GetLeftPart(UriPartial.Authority) + rawTarget, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
