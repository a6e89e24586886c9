using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>
/// An upload whose client dies mid-body (a killed job) leaves S3 as it was: S3 keeps an object only once its whole body
/// has arrived. s3rver writes the object file as the body streams in, so the proxy receives the body whole first.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class CutUploadTests
{
    private const int PromisedBytes = 1024 * 1024;
    private readonly S3rverFixture _s3rver;

    public CutUploadTests(S3rverFixture s3rver) => _s3rver = s3rver;

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(PromisedBytes / 4)]
    public async Task AClientThatDiesMidBody_LeavesTheOldObject_AndNoNewOne(int bytesSent)
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/w");
        await store.PutAsync("_checkpoint/commits/8", new MemoryStream(Encoding.UTF8.GetBytes("committed")), CancellationToken.None);

        await SendHalfAPutAsync(proxy.Endpoint, $"/{bucket}/w/_checkpoint/commits/8", bytesSent);
        await SendHalfAPutAsync(proxy.Endpoint, $"/{bucket}/w/_checkpoint/offsets/9", bytesSent);
        await WaitForAsync(() => proxy.GetStats().BodiesCutShort == 2);
        Assert.Equal(1, proxy.GetStats().Forwarded); // only the first, whole put reached s3rver

        Assert.Equal("committed", Encoding.UTF8.GetString((await store.GetAsync("_checkpoint/commits/8", CancellationToken.None))!));
        Assert.Null(await store.GetAsync("_checkpoint/offsets/9", CancellationToken.None));
    }

    [Fact]
    public async Task AWholeBody_StillArrives_ExactlyAsSent()
    {
        var bucket = await _s3rver.CreateBucketAsync();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = _s3rver.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        using var store = S3rverFixture.Store(proxy.Endpoint, $"s3://{bucket}/w");
        var bytes = PassThroughTests.RandomBytes(3 * 1024 * 1024, seed: 5);

        await store.PutAsync("part-0", new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes, await store.GetAsync("part-0", CancellationToken.None));
        Assert.Equal(0, proxy.GetStats().BodiesCutShort);
    }

    /// <summary>Sends a PUT's headers promising <see cref="PromisedBytes"/>, then <paramref name="bytesSent"/> of them, then closes the connection.</summary>
    private static async Task SendHalfAPutAsync(Uri endpoint, string target, int bytesSent)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = client.GetStream();
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"PUT {target} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {PromisedBytes}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[bytesSent]);
        await stream.FlushAsync();
        await Task.Delay(100);
        client.Client.Close(0);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the proxy did not see the cut uploads within 20 s");
            await Task.Delay(20);
        }
    }
}
