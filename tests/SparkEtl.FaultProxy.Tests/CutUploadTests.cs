using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SparkEtl.FaultProxy.Tests.Fixtures;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>
/// An upload whose client dies mid-body (a killed job) leaves S3 as it was: S3 keeps an object only once its whole body
/// has arrived. s3rver writes the object file as the body streams in, so the proxy receives the body whole first, and
/// once it has, sends it on whole even if the client dies meanwhile.
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

    [Fact]
    public async Task AClientThatDiesAfterItsWholeBody_StillHasItsObjectStoredWhole()
    {
        // An upstream that takes the forwarded PUT's headers, then reads nothing until told to: the proxy is still
        // sending the body when its client goes away.
        using var upstream = new HeldUpstream();
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = upstream.Endpoint, Faults = FaultPlan.Parse("none") }, CancellationToken.None);
        const int Bytes = 16 * 1024 * 1024;

        using (var client = new TcpClient())
        {
            await StartAPutAsync(client, proxy.Endpoint, "/bkt/w/_checkpoint/commits/62", Bytes, Bytes);
            await upstream.HeadersArrived.WaitAsync(TimeSpan.FromSeconds(20));
            client.Client.Close(0);
        }

        await Task.Delay(300); // the proxy notices its client has gone
        upstream.Release();

        Assert.Equal(Bytes, await upstream.BodyBytesReceived.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, proxy.GetStats().BodiesCutShort);
    }

    /// <summary>Sends a PUT's headers promising <see cref="PromisedBytes"/>, then <paramref name="bytesSent"/> of them, then closes the connection.</summary>
    private static async Task SendHalfAPutAsync(Uri endpoint, string target, int bytesSent)
    {
        using var client = new TcpClient();
        await StartAPutAsync(client, endpoint, target, PromisedBytes, bytesSent);
        await Task.Delay(100);
        client.Client.Close(0);
    }

    /// <summary>Connects <paramref name="client"/> and sends a PUT's headers promising <paramref name="promised"/> bytes, then <paramref name="bytesSent"/> zero bytes.</summary>
    private static async Task StartAPutAsync(TcpClient client, Uri endpoint, string target, int promised, int bytesSent)
    {
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = client.GetStream();
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"PUT {target} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/octet-stream\r\nContent-Length: {promised}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[bytesSent]);
        await stream.FlushAsync();
    }

    /// <summary>
    /// One-request upstream on 127.0.0.1: reads a request's headers, waits for <see cref="Release"/>, then counts the
    /// body bytes that arrive before Content-Length is reached or the connection ends, and answers 200.
    /// </summary>
    private sealed class HeldUpstream : IDisposable
    {
        private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _headersArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> _bodyBytes = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldUpstream()
        {
            _listener.Start();
            _ = ServeOneAsync();
        }

        public Uri Endpoint => new($"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}/");

        public Task HeadersArrived => _headersArrived.Task;

        public Task<int> BodyBytesReceived => _bodyBytes.Task;

        public void Release() => _released.TrySetResult();

        public void Dispose() => _listener.Dispose();

        private async Task ServeOneAsync()
        {
            try
            {
                using var connection = await _listener.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                var buffer = new byte[64 * 1024];
                var head = new List<byte>();
                var read = 0;
                while (!EndsWithBlankLine(head))
                {
                    read = await stream.ReadAsync(buffer.AsMemory(0, 1));
                    if (read == 0)
                    {
                        throw new IOException("the connection ended inside the headers");
                    }

                    head.Add(buffer[0]);
                }

                var length = ContentLength(Encoding.ASCII.GetString([.. head]));
                _headersArrived.TrySetResult();
                await _released.Task;
                var received = 0;
                try
                {
                    while (received < length && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, length - received)))) > 0)
                    {
                        received += read;
                    }

                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
                }
                catch (IOException)
                {
                    // The sender reset the connection: what arrived before is the count.
                }

                _bodyBytes.TrySetResult(received);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                _headersArrived.TrySetException(e);
                _bodyBytes.TrySetException(e);
            }
        }

        private static bool EndsWithBlankLine(List<byte> head) =>
            head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

        private static int ContentLength(string head)
        {
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            throw new IOException("the forwarded request has no Content-Length");
        }
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
