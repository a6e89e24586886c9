using System.Globalization;
using System.Text.Json;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Cli.Status;

/// <summary>
/// A streaming query's state as its checkpoint holds it: the settings it is bound to, the last batch committed (and one
/// planned but not committed), each shard's committed position and watermark, the query's watermark, the open windows,
/// and rates and errors from the progress records kept (<c>retention.batches</c>).
/// </summary>
internal sealed class CheckpointStatus
{
    private CheckpointStatus(CheckpointMetadata metadata, long committed, long planned, BatchOffsets? offsets, WindowStateSnapshot? state, IReadOnlyList<JsonElement> progress)
    {
        Metadata = metadata;
        LastCommitted = committed;
        LastPlanned = planned;
        Offsets = offsets;
        State = state;
        Progress = progress;
    }

    public CheckpointMetadata Metadata { get; }

    public long LastCommitted { get; }

    public long LastPlanned { get; }

    /// <summary>The offsets of the last committed batch: where each shard stands.</summary>
    public BatchOffsets? Offsets { get; }

    /// <summary>The window state after the last committed batch.</summary>
    public WindowStateSnapshot? State { get; }

    /// <summary>The progress records kept, oldest first.</summary>
    public IReadOnlyList<JsonElement> Progress { get; }

    /// <summary>Reads the checkpoint; null when there is none (no <c>metadata</c>).</summary>
    public static async Task<CheckpointStatus?> ReadAsync(CheckpointLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var metadata = await log.ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        var committed = await log.LatestCommittedAsync(cancellationToken).ConfigureAwait(false);
        var planned = await log.LatestPlannedAsync(cancellationToken).ConfigureAwait(false);
        var offsets = committed >= 0 ? await log.TryReadOffsetsAsync(committed, cancellationToken).ConfigureAwait(false) : null;
        var state = committed >= 0 ? await log.ReadStateAsync(committed, cancellationToken).ConfigureAwait(false) : null;
        var progress = new List<JsonElement>();
        foreach (var document in await log.ReadProgressAsync(cancellationToken).ConfigureAwait(false))
        {
            using (document)
            {
                progress.Add(document.RootElement.Clone());
            }
        }

        return new CheckpointStatus(metadata, committed, planned, offsets, state, progress);
    }

    public void Write(TextWriter output, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(output);
        var inv = CultureInfo.InvariantCulture;
        var settings = Metadata.Fingerprint;
        output.WriteLine($"Query {Metadata.Id}, checkpoint {checkpoint}");
        output.WriteLine($"  source          {settings.GetValueOrDefault("source", "?")}");
        output.WriteLine($"  warehouse       {settings.GetValueOrDefault("warehouse", "?")}");
        output.WriteLine($"  window          {settings.GetValueOrDefault("window.size", "?")}, watermark delay {settings.GetValueOrDefault("window.watermarkDelay", "?")}, idle timeout {settings.GetValueOrDefault("window.idleTimeout", "?")}");
        output.WriteLine();

        var last = Progress.Count > 0 ? Progress[^1] : (JsonElement?)null;
        if (LastCommitted < 0)
        {
            output.WriteLine("Last batch      none committed yet");
        }
        else
        {
            var when = last is { } p && p.GetProperty("batchId").GetInt64() == LastCommitted ? $" at {p.GetProperty("timestamp").GetString()}" : "";
            output.WriteLine(string.Create(inv, $"Last batch      {LastCommitted} committed{when}{(Offsets?.EndOfInput == true ? "; the input ended with it" : "")}"));
        }

        if (LastPlanned > LastCommitted)
        {
            output.WriteLine(string.Create(inv, $"                batch {LastPlanned} was planned and not committed: the next run replays it on its checkpointed offsets"));
        }

        var watermark = State?.WatermarkMs ?? long.MinValue;
        output.WriteLine($"Watermark       {Time(watermark)}{(watermark == long.MaxValue ? " (the input ended: every window is written)" : "")}");
        output.WriteLine();
        WriteShards(output);
        WriteWindows(output, settings);
        WriteRecent(output);
    }

    private void WriteShards(TextWriter output)
    {
        var positions = Offsets?.End ?? [];
        var shards = State?.Shards.ToDictionary(s => s.ShardId, StringComparer.Ordinal) ?? [];
        var delayMs = SettingValues.TryParseDurationMs(Metadata.Fingerprint.GetValueOrDefault("window.watermarkDelay", "0s"), out var d) ? d : 0;
        var states = Progress.Count > 0 && Progress[^1].TryGetProperty("shards", out var s) && s.ValueKind == JsonValueKind.Object
            ? s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.TryGetProperty("state", out var st) ? st.GetString() ?? "" : "", StringComparer.Ordinal)
            : [];
        // A file or the demo has one position for all its shards; Kinesis one per shard (and the position it started at).
        var sourceWide = positions.Where(p => !shards.ContainsKey(p.Key) && !p.Key.StartsWith("shardId-", StringComparison.Ordinal)).ToList();
        if (sourceWide.Count > 0)
        {
            output.WriteLine("Source position " + string.Join(", ", sourceWide.Select(p => $"{p.Key} {p.Value}")));
        }

        var ids = positions.Keys.Except(sourceWide.Select(p => p.Key)).Concat(shards.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        output.WriteLine("Committed positions and watermarks by shard");
        if (ids.Count == 0)
        {
            output.WriteLine("  (none yet)");
        }
        else
        {
            output.WriteLine($"  {"shard",-24} {"position",-40} {"watermark",-26} {"latest event time",-26} state");
            foreach (var id in ids)
            {
                var position = positions.GetValueOrDefault(id, "-");
                var shard = shards.GetValueOrDefault(id);
                var shardWatermark = shard is null || shard.MaxEventTimeMs == long.MinValue ? "-" : Time(shard.MaxEventTimeMs - delayMs);
                var latest = shard is null ? "-" : Time(shard.MaxEventTimeMs);
                var state = shard?.Ended == true ? "ended" : states.GetValueOrDefault(id, shard is null ? "" : "-");
                output.WriteLine($"  {id,-24} {position,-40} {shardWatermark,-26} {latest,-26} {state}".TrimEnd());
            }
        }

        output.WriteLine();
    }

    private void WriteWindows(TextWriter output, SortedDictionary<string, string> settings)
    {
        var windows = State?.Windows ?? [];
        if (windows.Count == 0)
        {
            output.WriteLine("Open windows    none");
        }
        else
        {
            var sizeMs = SettingValues.TryParseDurationMs(settings.GetValueOrDefault("window.size", "1m"), out var size) ? size : 60_000;
            var earliest = windows.Min(w => w.WindowStartMs);
            var latest = windows.Max(w => w.WindowStartMs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Open windows    {windows.Count} of {windows.Select(w => w.Symbol).Distinct(StringComparer.Ordinal).Count()} tickers, from {Time(earliest)} to {Time(latest + sizeMs)}; the first is written when the watermark passes {Time(earliest + sizeMs)}"));
        }

        output.WriteLine();
    }

    private void WriteRecent(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        if (Progress.Count == 0)
        {
            output.WriteLine("Recent batches  none kept");
            return;
        }

        output.WriteLine(string.Create(inv, $"Recent batches  (the last {Progress.Count} kept in the checkpoint)"));
        output.WriteLine($"  {"batch",6} {"time",-24} {"records",9} {"in/s",10} {"processed/s",12} {"ms",7} {"trades",9} {"errors",7}");
        foreach (var p in Progress.TakeLast(10))
        {
            var rows = p.GetProperty("rowsPerTable");
            var errors = p.GetProperty("errorsByType").EnumerateObject().Sum(e => e.Value.GetInt64());
            output.WriteLine(string.Create(inv,
                $"  {p.GetProperty("batchId").GetInt64(),6} {p.GetProperty("timestamp").GetString(),-24} {p.GetProperty("numInputRows").GetInt64(),9:N0} {p.GetProperty("inputRowsPerSecond").GetDouble(),10:N1} {p.GetProperty("processedRowsPerSecond").GetDouble(),12:N1} {p.GetProperty("durationMs").GetProperty("triggerExecution").GetInt64(),7:N0} {(rows.TryGetProperty("trades", out var t) ? t.GetInt64() : 0),9:N0} {errors,7:N0}{(p.TryGetProperty("replayed", out var r) && r.GetBoolean() ? "  replayed" : "")}"));
        }

        var input = Progress.Sum(p => p.GetProperty("numInputRows").GetInt64());
        var seconds = Progress.Sum(p => p.GetProperty("durationMs").GetProperty("triggerExecution").GetInt64()) / 1000.0;
        output.WriteLine();
        output.WriteLine(string.Create(inv,
            $"Rates           {Progress.Average(p => p.GetProperty("inputRowsPerSecond").GetDouble()):N1} records/s in, {(seconds > 0 ? input / seconds : 0):N1} records/s processed (over the batches kept)"));
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in Progress)
        {
            foreach (var e in p.GetProperty("errorsByType").EnumerateObject())
            {
                byType[e.Name] = byType.GetValueOrDefault(e.Name) + e.Value.GetInt64();
            }
        }

        output.WriteLine(byType.Count == 0
            ? "Errors by type  none in the batches kept"
            : "Errors by type  " + string.Join(", ", byType.Select(e => string.Create(inv, $"{e.Key} {e.Value:N0}"))) + " (in the batches kept)");
    }

    private static string Time(long ms) => ms switch
    {
        long.MinValue => "- (no trade yet)",
        _ => UtcTimestamp.FromEpochMs(ms),
    };
}
