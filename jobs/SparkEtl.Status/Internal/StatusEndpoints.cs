using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The server's routes, one explicit map: <c>/</c> (the page), <c>/fragment</c> (the page's main content, for its
/// refresh), <c>/api/progress</c>, <c>/metrics</c> and <c>/healthz</c>. GET and HEAD only. On loopback, requests must
/// name a loopback host, so a web page that rebinds its own name to 127.0.0.1 cannot read the status.
/// </summary>
internal sealed class StatusEndpoints(StatusServerOptions options, Func<StatusSnapshot> snapshot, StatusMetrics metrics, TimeProvider clock)
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (!options.AllowNonLoopback && !IsLoopbackHost(request.Host))
        {
            await PlainAsync(response, StatusCodes.Status400BadRequest, "The status page answers to a loopback host name only (localhost, 127.0.0.1, [::1]).\n").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.Headers.Allow = "GET, HEAD";
            await PlainAsync(response, StatusCodes.Status405MethodNotAllowed, "Only GET and HEAD.\n").ConfigureAwait(false);
            return;
        }

        var cancellationToken = context.RequestAborted;
        switch (request.Path.Value)
        {
            case "/" or "/index.html":
                response.ContentType = "text/html; charset=utf-8";
                response.Headers.ContentSecurityPolicy = PageAssets.ContentSecurityPolicy;
                await response.WriteAsync(StatusPage.Document(snapshot(), options, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                break;
            case "/fragment":
                response.ContentType = "text/html; charset=utf-8";
                response.Headers.ContentSecurityPolicy = PageAssets.ContentSecurityPolicy;
                await response.WriteAsync(StatusPage.Fragment(snapshot(), options, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                break;
            case "/api/progress":
                response.ContentType = "application/json; charset=utf-8";
                await response.Body.WriteAsync(ProgressArray(snapshot()), cancellationToken).ConfigureAwait(false);
                break;
            case "/metrics":
                response.ContentType = PrometheusContentType;
                await metrics.ExportAsync(response.Body, cancellationToken).ConfigureAwait(false);
                break;
            case "/healthz":
                response.ContentType = "application/json; charset=utf-8";
                await response.Body.WriteAsync(Health(snapshot(), clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await PlainAsync(response, StatusCodes.Status404NotFound, "Not found. The status server serves /, /api/progress, /metrics and /healthz.\n").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The kept progress records, oldest first, each exactly as the checkpoint keeps it.</summary>
    private static byte[] ProgressArray(StatusSnapshot snapshot)
    {
        var batches = snapshot.Batches;
        var body = new byte[2 + Math.Max(0, batches.Count - 1) + batches.Sum(b => b.Json.Length)];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < batches.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            batches[i].Json.CopyTo(body, at);
            at += batches[i].Json.Length;
        }

        body[at] = (byte)']';
        return body;
    }

    /// <summary><c>{"status":"ok","lastBatchId":12,"lastBatchTime":"…","lastBatchAgeSeconds":3.2,"batches":13}</c>; nulls and <c>"waiting"</c> before the first batch.</summary>
    private static byte[] Health(StatusSnapshot snapshot, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var last = snapshot.Last;
            json.WriteString("status", last is null ? "waiting" : "ok");
            if (last is null)
            {
                json.WriteNull("lastBatchId");
                json.WriteNull("lastBatchTime");
                json.WriteNull("lastBatchAgeSeconds");
            }
            else
            {
                var finished = last.Time ?? snapshot.LastReceived ?? now;
                json.WriteNumber("lastBatchId", last.BatchId);
                json.WriteString("lastBatchTime", last.Progress.Timestamp);
                json.WriteNumber("lastBatchAgeSeconds", Math.Round(Math.Max(0, (now - finished).TotalSeconds), 3));
            }

            json.WriteNumber("batches", snapshot.Totals.Batches);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static Task PlainAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text, Encoding.UTF8);
    }

    private static bool IsLoopbackHost(HostString host) =>
        host.HasValue && (string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Host, out var address) && IPAddress.IsLoopback(address)));
}
