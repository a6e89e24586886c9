using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparkEtl.Core;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Status.Internal;

namespace SparkEtl.Status;

/// <summary>
/// A run's live status page, like the Structured Streaming tab of Spark's UI, served over HTTP by ASP.NET Core
/// (Kestrel), on loopback unless told otherwise. The engine feeds it each committed batch as an
/// <see cref="IProgressListener"/>; it keeps the last <see cref="StatusServerOptions.Retain"/> progress records and
/// serves:
/// <list type="bullet">
/// <item><c>/</c>: one self-contained HTML page (no external asset) that refreshes itself: input and processing rates,
/// batch duration by phase, event-time range and watermarks per shard, lag per shard, rows per table, errors by type,
/// open windows, the shards, and a table of recent batches, drawn as SVG on the server;</item>
/// <item><c>/api/progress</c>: the kept progress records, oldest first, as a JSON array of the checkpoint's
/// <c>progress/N.json</c> documents;</item>
/// <item><c>/metrics</c>: Prometheus text exposition of the <c>sparketl_*</c> counters (sums over every batch fed) and
/// gauges (what the last batch left), from a registry of this server's own;</item>
/// <item><c>/healthz</c>: 200 with <c>{"status","lastBatchId","lastBatchTime","lastBatchAgeSeconds","batches"}</c>.</item>
/// </list>
/// Feeding it never blocks on a request and never throws for what a batch reports.
/// </summary>
/// <example>
/// <code>
/// await using var status = await StatusServer.StartAsync(new StatusServerOptions { Port = 4040 }, cancellationToken);
/// using var query = new StreamingQuery(settings, source, warehouse, checkpoint, catalog, backup, status);
/// Console.Error.WriteLine($"status page: {status.Address}");
/// await query.RunAsync(stop, abort);
/// </code>
/// </example>
public sealed class StatusServer : IProgressListener, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProgressHistory _history;
    private readonly StatusMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly Lock _feeding = new();

    private StatusServer(WebApplication app, ProgressHistory history, StatusMetrics metrics, TimeProvider clock, Uri address)
    {
        _app = app;
        _history = history;
        _metrics = metrics;
        _clock = clock;
        Address = address;
    }

    /// <summary>Where the page is: <c>http://127.0.0.1:PORT/</c> (the port chosen when <see cref="StatusServerOptions.Port"/> is 0).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts serving and returns once the server listens. Throws <see cref="ConfigurationException"/> (naming
    /// <c>--status-port</c> or <c>--status-bind</c>) for a port out of range or a non-loopback address without
    /// <see cref="StatusServerOptions.AllowNonLoopback"/>, and <see cref="SparkEtlException"/> when the address cannot
    /// be listened on (e.g. the port is taken).
    /// </summary>
    public static async Task<StatusServer> StartAsync(StatusServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var clock = options.Clock ?? TimeProvider.System;
        var history = new ProgressHistory(options.Retain);
        var metrics = new StatusMetrics(options.QueryName);
        var endpoints = new StatusEndpoints(options, () => history.Snapshot, metrics, clock);
        var listen = new IPEndPoint(options.Bind, options.Port);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, HostedLifetime>();

        // The page carries a few hundred SVG marks per chart; text compresses about tenfold, cheaply at the fastest level.
        builder.Services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ["text/html", "text/plain", "application/json"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Fastest);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Listen(listen, endpoint => endpoint.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.UseResponseCompression();
        app.Run(endpoints.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new SparkEtlException($"The status page cannot listen on {listen}: {e.Message}", innerException: e);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new StatusServer(app, history, metrics, clock, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Takes a committed batch's report (called by the engine after each commit).</summary>
    public void BatchCompleted(BatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Add(report.Progress);
    }

    /// <summary>
    /// Takes one batch's progress record: keeps it for the page and <c>/api/progress</c> and adds it to the metrics.
    /// Records are expected in batch order, as a run commits them (e.g. read back from a checkpoint's <c>progress/</c>).
    /// </summary>
    public void Add(QueryProgress progress)
    {
        var point = BatchPoint.Of(progress);
        lock (_feeding)
        {
            _history.Add(point, _clock.GetUtcNow());
            _metrics.Observe(point);
        }
    }

    /// <summary>Stops serving: requests in flight get up to five seconds to finish.</summary>
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
        }
    }

    private static void Validate(StatusServerOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ConfigurationException("--status-port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "a TCP port from 1 to 65535 (0 picks a free one)");
        }

        ArgumentNullException.ThrowIfNull(options.Bind);
        if (!IPAddress.IsLoopback(options.Bind) && !options.AllowNonLoopback)
        {
            throw new ConfigurationException("--status-bind", options.Bind.ToString(),
                "a loopback address (127.0.0.1 or ::1); serving the status page beyond this machine must be allowed explicitly, since anyone who reaches the port sees the run's progress and locations");
        }

        // The rest are set by the program, not typed by a user.
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Retain, 1, nameof(options.Retain));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Retain, 100_000, nameof(options.Retain));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RefreshSeconds, 1, nameof(options.RefreshSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.RefreshSeconds, 3600, nameof(options.RefreshSeconds));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.QueryName, nameof(options.QueryName));
    }
}
