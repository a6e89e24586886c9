namespace SparkEtl.FaultProxy.Tests.Fixtures;

/// <summary>A request as the upstream received it: method, raw target, headers in order (names as sent) and body bytes.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The values of one header (case-insensitive name), comma-joined, or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(",", values);
    }
}
