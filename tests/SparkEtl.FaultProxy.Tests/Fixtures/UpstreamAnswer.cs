namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>What the recording upstream answers: status, headers, body, and whether to stream it chunked (no Content-Length).</summary>
public sealed record UpstreamAnswer(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, bool Chunked = false)
{
    public static UpstreamAnswer Ok(string body = "ok") => new(200, [new("Content-Type", "text/plain")], System.Text.Encoding.UTF8.GetBytes(body));
}
