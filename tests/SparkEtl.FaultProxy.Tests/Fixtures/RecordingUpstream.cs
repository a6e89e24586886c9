using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>
/// A stand-in upstream on 127.0.0.1 that records every request exactly as it arrived and answers what
/// <see cref="Answer"/> says, so a test can compare both sides of the proxy byte for byte.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingUpstream(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The answer to each request (default: 200 "ok").</summary>
    public Func<RecordedRequest, UpstreamAnswer> Answer { get; set; } = _ => UpstreamAnswer.Ok();

    public static async Task<RecordingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(System.Net.IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        RecordingUpstream? upstream = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in context.Request.Headers)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? string.Empty));
                }
            }

            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var request = new RecordedRequest(context.Request.Method, raw, headers, body.ToArray());
            upstream!.Requests.Enqueue(request);
            var answer = upstream.Answer(request);
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers.Append(name, value);
            }

            if (!answer.Chunked)
            {
                context.Response.ContentLength = answer.Body.Length;
            }

            if (!HttpMethods.IsHead(context.Request.Method))
            {
                // Several writes, so a chunked answer really arrives in chunks.
                for (var offset = 0; offset < answer.Body.Length; offset += 4096)
                {
                    await context.Response.Body.WriteAsync(answer.Body.AsMemory(offset, Math.Min(4096, answer.Body.Length - offset)));
                    await context.Response.Body.FlushAsync();
                }
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        upstream = new RecordingUpstream(app, new Uri(address.TrimEnd('/') + "/"));
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
