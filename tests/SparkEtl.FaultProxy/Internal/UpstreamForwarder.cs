using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// Sends a client's request on to the upstream as it came: method, raw path and query (not re-encoded), every
/// end-to-end header (Authorization and x-amz-* included, Host as the client sent it, so a SigV4 signature still
/// verifies), and the body streamed; and returns the upstream's answer unbuffered. Hop-by-hop headers
/// (Connection, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade, Proxy-*) and <c>Expect</c> stay on their hop.
/// </summary>
internal sealed class UpstreamForwarder : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Expect", "Host", "Content-Length",
    };

    private readonly HttpClient _http;
    private readonly string _authority;

    public UpstreamForwarder(Uri upstream)
    {
        _authority = upstream.GetLeftPart(UriPartial.Authority);
#pragma warning disable CA2000 // the HttpClient owns its handler
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
            disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
    }

    /// <summary>
    /// Forwards the client's request, with <paramref name="body"/> in place of its body when the proxy has received it
    /// already; throws <see cref="HttpRequestException"/> when the upstream cannot be reached.
    /// </summary>
    public async Task<ProxyResponse> ForwardAsync(HttpContext context, byte[]? body, CancellationToken cancellationToken)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), UpstreamUri(RawTarget(context)));
        message.Version = HttpVersion.Version11;
        message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        message.Content = body is null ? RequestContent(context) : new ByteArrayContent(body) { Headers = { ContentLength = body.Length } };
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                // A content header (Content-Type, Content-MD5, Content-Encoding, ...): it travels with the body.
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        message.Headers.Host = request.Headers.Host.ToString();
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var headers = new List<KeyValuePair<string, StringValues>>();
            foreach (var (name, values) in response.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    headers.Add(new(name, values.ToArray()));
                }
            }

            foreach (var (name, values) in response.Content.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    headers.Add(new(name, values.ToArray()));
                }
            }

            var answer = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ProxyResponse((int)response.StatusCode, response.ReasonPhrase, headers, response.Content.Headers.ContentLength, answer, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks the upstream for the object at the client's path (unsigned <c>HEAD</c>: s3rver answers anonymous requests):
    /// its ETag when it exists, null when the upstream answers 404. Any other answer throws.
    /// </summary>
    public async Task<(bool Exists, string? ETag)> HeadObjectAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var raw = RawTarget(context);
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        using var message = new HttpRequestMessage(HttpMethod.Head, UpstreamUri(query < 0 ? raw : raw[..query]));
        message.Headers.Host = context.Request.Headers.Host.ToString();
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => (true, response.Headers.ETag?.Tag ?? (response.Headers.TryGetValues("ETag", out var etag) ? etag.FirstOrDefault() : null)),
            HttpStatusCode.NotFound => (false, null),
            _ => throw new HttpRequestException($"HEAD {raw} answered {(int)response.StatusCode} while evaluating a conditional write", null, response.StatusCode),
        };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The request target exactly as the client wrote it (<c>/bucket/a%2Fb?x=1</c>), not re-encoded.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw
            : context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();

    /// <summary>
    /// The client's whole body, or null when it broke off before its end (the client went away mid-upload). S3 stores
    /// nothing for such a request; s3rver would keep what had arrived, truncating the object in place.
    /// </summary>
    public static async Task<byte[]?> ReceiveBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var declared = context.Request.ContentLength;
        using var received = declared is { } length and <= int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(received, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Kestrel's "Unexpected end of request content": the connection closed before Content-Length bytes came.
            return null;
        }

        return declared is { } expected && received.Length != expected ? null : received.ToArray();
    }

    private static HttpContent? RequestContent(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
        {
            // Content-Length: 0 is forwarded too: S3 wants it on an empty PUT.
            var content = length == 0 ? (HttpContent)new ByteArrayContent([]) : new StreamContent(request.Body);
            content.Headers.ContentLength = length;
            return content;
        }

        // Chunked from the client: streamed on chunked.
        return context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true ? new StreamContent(request.Body) : null;
    }

    private Uri UpstreamUri(string rawTarget) =>
        new(_authority + rawTarget, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
