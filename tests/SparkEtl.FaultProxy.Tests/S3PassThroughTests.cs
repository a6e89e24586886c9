using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>With no faults, S3 through the proxy is byte for byte S3 without it: put, get, head, list.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3PassThroughTests
{
    private static readonly string[] ComparedHeaders = ["ETag", "Content-Length", "Content-Type", "Last-Modified", "Accept-Ranges"];
    private readonly S3rverFixture _s3rver;

    public S3PassThroughTests(S3rverFixture s3rver) => _s3rver = s3rver;

    [Fact]
    public async Task PutGetHeadList_AtRateZero_AreByteIdenticalToGoingDirect()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        var objects = new Dictionary<string, byte[]>
        {
            ["trades/dt=2026-12-01/part-00000001-000.snappy.parquet"] = PassThroughTests.RandomBytes((1024 * 1024) + 7, seed: 1),
            ["trades/dt=2026-12-01/part-00000001-001.snappy.parquet"] = PassThroughTests.RandomBytes(1, seed: 2),
            ["_checkpoint/offsets/1"] = [],
        };
        using (var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/warehouse"))
        {
            foreach (var (key, bytes) in objects)
            {
                await store.PutAsync(key, new MemoryStream(bytes), CancellationToken.None);
            }
        }

        using var http = new HttpClient();
        foreach (var (key, bytes) in objects)
        {
            // s3rver keeps the body it received as a file: exactly the client's bytes.
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_s3rver.Directory, bucket, "warehouse", key + "._S3rver_object")));
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                var (directBody, directHeaders) = await SendAsync(http, method, _s3rver.Endpoint, $"/{bucket}/warehouse/{key}");
                var (proxiedBody, proxiedHeaders) = await SendAsync(http, method, proxy.Endpoint, $"/{bucket}/warehouse/{key}");
                Assert.Equal(method == HttpMethod.Get ? bytes : [], proxiedBody);
                Assert.Equal(directBody, proxiedBody);
                Assert.Equal(directHeaders, proxiedHeaders);
            }
        }

        var (directList, _) = await SendAsync(http, HttpMethod.Get, _s3rver.Endpoint, $"/{bucket}?list-type=2&prefix=warehouse%2F");
        var (proxiedList, _) = await SendAsync(http, HttpMethod.Get, proxy.Endpoint, $"/{bucket}?list-type=2&prefix=warehouse%2F");
        Assert.Equal(directList, proxiedList);
        Assert.Contains("part-00000001-001.snappy.parquet", System.Text.Encoding.UTF8.GetString(proxiedList), StringComparison.Ordinal);
        Assert.Equal(0, proxy.GetStats().TotalFaults);
    }

    private static async Task<(byte[] Body, string Headers)> SendAsync(HttpClient http, HttpMethod method, Uri endpoint, string target)
    {
        using var request = new HttpRequestMessage(method, PassThroughTests.RawUri(endpoint, target));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = string.Join("\n", ComparedHeaders.Select(name => $"{name}: {Values(response, name)}"));
        return (body, $"{(int)response.StatusCode}\n{headers}");
    }

    private static string Values(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : "(none)";
}
