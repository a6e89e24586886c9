using System.Net;
using System.Net.Sockets;
using SparkEtl.Core;

namespace SparkEtl.Status.Tests;

public sealed class BindingTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.10")]
    public async Task A_non_loopback_address_is_refused_unless_allowed(string address)
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            StatusServer.StartAsync(new StatusServerOptions { Bind = IPAddress.Parse(address) }, CancellationToken.None));

        Assert.Equal("--status-bind", error.Setting);
        Assert.Equal(address, error.Value);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_is_loopback_on_the_port_asked_for()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var server = await StatusServer.StartAsync(new StatusServerOptions { Port = port }, CancellationToken.None);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), server.Address);
        Assert.Contains("\"status\":\"waiting\"", await StatusHttp.GetTextAsync(server, "healthz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_is_reported_with_the_address()
    {
        await using var first = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SparkEtlException>(() =>
            StatusServer.StartAsync(new StatusServerOptions { Port = first.Address.Port }, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{first.Address.Port}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task A_port_out_of_range_is_refused(int port)
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            StatusServer.StartAsync(new StatusServerOptions { Port = port }, CancellationToken.None));

        Assert.Equal("--status-port", error.Setting);
    }

    [Fact]
    public async Task On_loopback_a_request_for_another_host_name_is_refused()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "metrics"));
        request.Headers.Host = "status.example.com";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task On_loopback_a_request_for_a_loopback_host_name_is_served(string host)
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "healthz"));
        request.Headers.Host = $"{host}:{server.Address.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Only_get_and_head_are_answered()
    {
        await using var server = await StatusServer.StartAsync(new StatusServerOptions(), CancellationToken.None);
        using var client = new HttpClient();

        using var response = await client.PostAsync(new Uri(server.Address, "metrics"), new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }
}
