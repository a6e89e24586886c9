using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SparkEtl.FaultProxy.Internal;

namespace SparkEtl.FaultProxy;

/// <summary>
/// A fault-injecting HTTP proxy in front of a local AWS stand-in (kinesalite, s3rver), for tests and the soak; it
/// listens on loopback only. It forwards requests faithfully (method, raw path and query, headers with Host as sent,
/// so SigV4 signatures still verify; body streamed), injects the faults of its <see cref="Faults"/> plan as decided by
/// a seeded source, and evaluates S3 conditional writes (<c>If-None-Match: *</c>, <c>If-Match</c>) as S3 does, which
/// s3rver does not. Counters are read with <see cref="GetStats"/> or <c>GET /__faultproxy/stats</c>; the plan is
/// replaced with <see cref="Faults"/> or <c>PUT /__faultproxy/faults</c> (body: the <c>--faults</c> syntax).
/// </summary>
/// <example>
/// <code>
/// await using var proxy = await FaultInjectingProxy.StartAsync(new FaultProxyOptions
/// {
///     Upstream = kinesalite.Endpoint,
///     Faults = FaultPlan.Parse("throughput@kinesis:GetRecords=0.2,reset=0.01"),
///     Seed = 7,
/// }, cancellationToken);
/// var client = new KinesisClient(new AwsClientOptions { Endpoint = proxy.Endpoint, ... });
/// ...
/// Assert.Equal(0, proxy.GetStats().UpstreamFailures);
/// </code>
/// </example>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProxyHandler _handler;

    private FaultInjectingProxy(WebApplication app, ProxyHandler handler, Uri endpoint, Uri upstream, long seed)
    {
        _app = app;
        _handler = handler;
        Endpoint = endpoint;
        Upstream = upstream;
        Seed = seed;
    }

    /// <summary>Where clients send requests: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Where requests go on to.</summary>
    public Uri Upstream { get; }

    public long Seed { get; }

    /// <summary>The faults injected from now on; setting it takes effect for the next request.</summary>
    public FaultPlan Faults
    {
        get => _handler.Plan;
        set => _handler.Plan = value;
    }

    /// <summary>Starts a proxy and returns once it listens. Throws <see cref="ArgumentException"/> for a non-loopback address.</summary>
    public static async Task<FaultInjectingProxy> StartAsync(FaultProxyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLoopback(options.Listen, options.Upstream);
        var handler = new ProxyHandler(options.Upstream, options.Faults ?? FaultPlan.None, options.Seed);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MinResponseDataRate = null;
                kestrel.Listen(options.Listen, listen => listen.Protocols = HttpProtocols.Http1);
            });
            app = builder.Build();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new FaultInjectingProxy(app, handler, new Uri(address.TrimEnd('/') + "/"), options.Upstream, options.Seed);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            handler.Dispose();
            throw;
        }
    }

    /// <summary>A snapshot of the counters: requests, faults by kind and by operation, conditional writes.</summary>
    public FaultProxyStats GetStats() => _handler.Stats;

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _handler.Dispose();
        }
    }

    private static void CheckLoopback(IPEndPoint listen, Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(upstream);
        if (!IPAddress.IsLoopback(listen.Address))
        {
            throw new ArgumentException($"The fault proxy listens on loopback only (127.0.0.0/8 or ::1), not {listen}.", nameof(listen));
        }

        if (!upstream.IsAbsoluteUri || upstream.Scheme != Uri.UriSchemeHttp || !upstream.IsLoopback || upstream.AbsolutePath != "/" || upstream.Query.Length > 0)
        {
            throw new ArgumentException($"The upstream must be plain http on a loopback address, without a path (e.g. http://127.0.0.1:4567), not {upstream}.", nameof(upstream));
        }
    }
}
