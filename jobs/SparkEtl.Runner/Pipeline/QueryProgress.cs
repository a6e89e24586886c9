using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// One batch's progress, shaped like Spark's <c>StreamingQueryProgress</c> (the same member names where
/// the meaning is the same) plus SparkEtl's rows per table and results by reason. Written as a JSON line
/// and kept in the checkpoint as <c>progress/N.json</c>. Times are ISO-8601 UTC; durations milliseconds.
/// </summary>
public sealed record QueryProgress
{
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public string Name { get; init; } = "sparketl";

    public required string Timestamp { get; init; }

    public required long BatchId { get; init; }

    /// <summary>Kinesis records read in the batch.</summary>
    public required long NumInputRows { get; init; }

    /// <summary>Records per second since the previous batch started.</summary>
    public required double InputRowsPerSecond { get; init; }

    /// <summary>Records per second of the batch's own duration.</summary>
    public required double ProcessedRowsPerSecond { get; init; }

    /// <summary>Time by phase: latestOffset (read), walCommit (offsets), decode, aggregate, addBatch (files), stateCommit, commitOffsets, triggerExecution.</summary>
    public required SortedDictionary<string, long> DurationMs { get; init; }

    /// <summary>min, max, avg of the batch's trade event times, and the watermark in force after it (absent when unknown).</summary>
    public required SortedDictionary<string, string> EventTime { get; init; }

    /// <summary>The watermark that was in force during the batch (trades behind it were late); absent before the first.</summary>
    public string? WatermarkInForce { get; init; }

    /// <summary>Each shard's part in the watermark after the batch: its own watermark, latest event time and state.</summary>
    public required SortedDictionary<string, ShardProgress> Shards { get; init; }

    public required IReadOnlyList<StateOperatorProgress> StateOperators { get; init; }

    public required IReadOnlyList<SourceProgress> Sources { get; init; }

    public required SinkProgress Sink { get; init; }

    /// <summary>Rows written per table in this batch.</summary>
    public required SortedDictionary<string, long> RowsPerTable { get; init; }

    /// <summary>Records per error type (only types that occurred).</summary>
    public required SortedDictionary<string, long> ErrorsByType { get; init; }

    /// <summary>Records dropped on purpose, per reason (only reasons that occurred).</summary>
    public required SortedDictionary<string, long> DroppedByReason { get; init; }

    /// <summary>True when this batch was read again after a crash, from its checkpointed offsets.</summary>
    public bool Replayed { get; init; }

    // Relaxed escaping: a watermark of +infinity reads "+infinity", not "\u002Binfinity"; the records are read as JSON, never embedded in HTML.
    private static readonly JsonTypeInfo<QueryProgress> Json = (JsonTypeInfo<QueryProgress>)new JsonSerializerOptions(ProgressJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ProgressJsonContext.Default,
    }.GetTypeInfo(typeof(QueryProgress));

    /// <summary>The record as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The record as UTF-8 JSON.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>The window aggregation's state, as Spark reports a stateful operator.</summary>
public sealed record StateOperatorProgress(
    string OperatorName,
    long NumRowsTotal,
    long NumRowsUpdated,
    long NumRowsRemoved,
    long NumRowsDroppedByWatermark);

/// <summary>What the batch read from the source; <see cref="Metrics"/> holds source-specific numbers such as Kinesis lag per shard.</summary>
public sealed record SourceProgress(
    string Description,
    SortedDictionary<string, string>? StartOffset,
    SortedDictionary<string, string> EndOffset,
    long NumInputRows,
    double InputRowsPerSecond,
    double ProcessedRowsPerSecond,
    SortedDictionary<string, long> Metrics);

/// <summary>What the batch wrote.</summary>
public sealed record SinkProgress(string Description, long NumOutputRows, int NumFiles)
{
    /// <summary>Files an earlier, crashed attempt at the batch wrote and this one did not, deleted before the commit.</summary>
    public int NumLeftoversDeleted { get; init; }
}

/// <summary>One shard's part in the query's watermark after a batch.</summary>
/// <param name="Watermark">The shard's own watermark: its latest event time minus the delay.</param>
/// <param name="MaxEventTime">The latest valid event time the shard delivered.</param>
/// <param name="State"><c>active</c> (holds the watermark back), <c>idle</c> (no trades for window.idleTimeout) or <c>ended</c>.</param>
public sealed record ShardProgress(string Watermark, string MaxEventTime, string State);

/// <summary>Source-generated JSON for progress records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(QueryProgress))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
