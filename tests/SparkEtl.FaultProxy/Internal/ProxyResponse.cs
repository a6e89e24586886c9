using Microsoft.Extensions.Primitives;

namespace SparkEtl.FaultProxy.Internal;

/// <summary>
/// An answer on its way to the client: the upstream's (status, headers, streamed body) or one the proxy made up (an
/// injected error, a failed precondition). Disposing it releases the upstream response.
/// </summary>
internal sealed class ProxyResponse : IDisposable
{
    private readonly IDisposable? _owner;

    public ProxyResponse(int status, string? reasonPhrase, IReadOnlyList<KeyValuePair<string, StringValues>> headers, long? contentLength, Stream body, IDisposable? owner)
    {
        Status = status;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        ContentLength = contentLength;
        Body = body;
        _owner = owner;
    }

    public int Status { get; }

    public string? ReasonPhrase { get; }

    /// <summary>Every header but Content-Length and the hop-by-hop ones, in the order received.</summary>
    public IReadOnlyList<KeyValuePair<string, StringValues>> Headers { get; }

    /// <summary>The declared length, or null when the upstream streamed without one (chunked).</summary>
    public long? ContentLength { get; }

    public Stream Body { get; }

    /// <summary>The token of the injected fault this answer is (sent as <c>x-faultproxy-fault</c>), or null.</summary>
    public string? InjectedFault { get; init; }

    public static ProxyResponse FromBytes(int status, IReadOnlyList<KeyValuePair<string, StringValues>> headers, byte[] body) =>
        new(status, null, headers, body.Length, new MemoryStream(body, writable: false), null);

    public void Dispose()
    {
        Body.Dispose();
        _owner?.Dispose();
    }
}
