using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>Puts a <see cref="ProxyResponse"/> on the client's connection whole, cut short, or not at all (a reset).</summary>
internal static class ResponseWriter
{
    private static readonly HashSet<string> Managed = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive" };

    /// <summary>Sends status, headers and the whole body, streamed.</summary>
    public static async Task WriteAsync(HttpContext context, ProxyResponse response, CancellationToken cancellationToken)
    {
        WriteHead(context, response, response.ContentLength);
        if (HasBody(context, response))
        {
            await response.Body.CopyToAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends the headers with the body's full Content-Length, then the first <paramref name="share"/> of the body
    /// (rounded down, so at least one byte is missing), then closes the connection. An answer without a body is sent
    /// whole: there is nothing to cut. Returns false in that case.
    /// </summary>
    public static async Task<bool> WriteTruncatedAsync(HttpContext context, ProxyResponse response, double share, CancellationToken cancellationToken)
    {
        var body = response.Body;
        var length = response.ContentLength;
        byte[]? buffered = null;
        if (length is null && HasBody(context, response))
        {
            // Streamed without a length: read it all to learn the length to declare.
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            buffered = copy.ToArray();
            length = buffered.Length;
        }

        if (length is not > 0 || !HasBody(context, response))
        {
            await WriteAsync(context, response, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var send = (long)Math.Floor(share * length.Value);
        send = Math.Clamp(send, 0, length.Value - 1);
        WriteHead(context, response, length);
        await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
        if (buffered is not null)
        {
            await context.Response.Body.WriteAsync(buffered.AsMemory(0, (int)send), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CopyPrefixAsync(body, context.Response.Body, send, cancellationToken).ConfigureAwait(false);
        }

        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Return with fewer bytes written than declared: Kestrel then closes the connection (FIN) once what was written
        // has gone out. Aborting here instead would race the transport's sender and can reset the connection before the
        // headers leave, which a client sees as a reset, not a short body.
        return true;
    }

    /// <summary>Aborts the client's connection with a TCP reset (linger 0) where the socket is reachable, a plain close otherwise.</summary>
    public static void Reset(HttpContext context)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        try
        {
            socket?.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: the abort below is all that is left to do.
        }

        context.Abort();
    }

    private static void WriteHead(HttpContext context, ProxyResponse response, long? contentLength)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        if (response.ReasonPhrase is not null)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = response.ReasonPhrase;
        }

        foreach (var (name, values) in response.Headers)
        {
            if (!Managed.Contains(name))
            {
                http.Headers.Append(name, values);
            }
        }

        if (response.InjectedFault is not null)
        {
            http.Headers[ServiceErrors.FaultHeader] = response.InjectedFault;
        }

        // 204 and 1xx carry no Content-Length; every other declared length is passed on (HEAD's included).
        if (contentLength is not null && response.Status != 204 && response.Status >= 200)
        {
            http.ContentLength = contentLength;
        }
    }

    private static bool HasBody(HttpContext context, ProxyResponse response) =>
        !HttpMethods.IsHead(context.Request.Method) && response.Status is not (204 or 304) && response.Status >= 200;

    private static async Task CopyPrefixAsync(Stream source, Stream destination, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            count -= read;
        }
    }
}
