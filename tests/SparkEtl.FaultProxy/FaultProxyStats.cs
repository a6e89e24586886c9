using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkEtl.FaultProxy;

/// <summary>
/// A snapshot of the proxy's counters, as <c>GET /__faultproxy/stats</c> returns them (camel-case JSON) and as the
/// executable prints them on shutdown. Administrative requests (<c>/__faultproxy/...</c>) are not counted.
/// </summary>
public sealed record FaultProxyStats
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Requests received (each one, whatever happened to it).</summary>
    public long Requests { get; init; }

    /// <summary>Requests sent on to the upstream service (faults that answer in its place are not).</summary>
    public long Forwarded { get; init; }

    /// <summary>Requests the upstream could not be reached for; the client got 502.</summary>
    public long UpstreamFailures { get; init; }

    /// <summary>Object uploads whose client went away before the whole body came: nothing was forwarded, as S3 keeps nothing.</summary>
    public long BodiesCutShort { get; init; }

    /// <summary>Faults injected, by kind token (<c>500</c>, <c>503</c>, <c>slowdown</c>, <c>throughput</c>, <c>expired</c>,
    /// <c>conflict</c>, <c>reset-before</c>, <c>reset-after</c>, <c>truncate</c>, <c>latency</c>); every kind is present.</summary>
    public IReadOnlyDictionary<string, long> Faults { get; init; } = new Dictionary<string, long>();

    /// <summary>Per operation (<c>kinesis:GetRecords</c>, <c>s3:PutObject</c>, ...): requests and the faults they got.</summary>
    public IReadOnlyDictionary<string, OperationStats> Operations { get; init; } = new Dictionary<string, OperationStats>();

    /// <summary>The S3 conditional writes the proxy evaluated.</summary>
    public ConditionalWriteStats ConditionalWrites { get; init; } = new();

    /// <summary>All faults injected, latency included.</summary>
    [JsonIgnore]
    public long TotalFaults => Faults.Values.Sum();

    /// <summary>The count of one fault kind (0 when none).</summary>
    public long FaultsOf(FaultKind kind) => Faults.TryGetValue(FaultKinds.Token(kind), out var n) ? n : 0;

    /// <summary>The stats of one operation, e.g. <c>kinesis:GetRecords</c>, or an empty one.</summary>
    public OperationStats Operation(string name) => Operations.TryGetValue(name, out var stats) ? stats : new OperationStats();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FaultProxyStats FromJson(string json) =>
        JsonSerializer.Deserialize<FaultProxyStats>(json, Json) ?? throw new JsonException("The stats are JSON null.");
}
