using System.Net;

namespace SparkEtl.FaultProxy.Tests;

/// <summary>The proxy is a test tool: it listens on loopback only and forwards only to plain HTTP on loopback.</summary>
public sealed class LoopbackTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.1")]
    public async Task Listen_OnAnythingButLoopback_IsRefused(string address)
    {
        var options = new FaultProxyOptions { Upstream = new Uri("http://127.0.0.1:9"), Listen = new IPEndPoint(IPAddress.Parse(address), 0) };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => FaultInjectingProxy.StartAsync(options, CancellationToken.None));

        Assert.Contains("loopback only", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://192.0.2.1:4567")]
    [InlineData("https://127.0.0.1:4567")]
    [InlineData("http://example.com")]
    [InlineData("http://127.0.0.1:4567/prefix")]
    public async Task Upstream_OtherThanPlainHttpOnLoopback_IsRefused(string upstream)
    {
        var options = new FaultProxyOptions { Upstream = new Uri(upstream) };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => FaultInjectingProxy.StartAsync(options, CancellationToken.None));

        Assert.Contains("plain http on a loopback address", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Listen_OnLoopback_BindsAFreePort(string address)
    {
        await using var proxy = await FaultInjectingProxy.StartAsync(
            new FaultProxyOptions { Upstream = new Uri("http://127.0.0.1:9"), Listen = new IPEndPoint(IPAddress.Parse(address), 0) },
            CancellationToken.None);

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(proxy.Endpoint.Host.Trim('[', ']'))));
        Assert.NotEqual(0, proxy.Endpoint.Port);
    }

    [Fact]
    public async Task UpstreamDown_AnswersBadGateway_AndCountsIt()
    {
        await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions { Upstream = new Uri("http://127.0.0.1:9") }, CancellationToken.None);
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(proxy.Endpoint, "bucket/key"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, proxy.GetStats().UpstreamFailures);
        Assert.Equal(0, proxy.GetStats().Forwarded);
    }
}
