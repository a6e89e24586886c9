using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Internal;

/// <summary>
/// One batch's progress as the page draws it: the record itself (kept as its checkpoint JSON for <c>/api/progress</c>)
/// and the numbers read out of it once, times as epoch milliseconds (±infinity for a watermark past either end).
/// </summary>
internal sealed class BatchPoint
{
    /// <summary>The prefix of a source metric that carries a shard's lag behind the stream's tip, in milliseconds.</summary>
    public const string LagMetricPrefix = "millisBehindLatest.";

    /// <summary>The phase whose time is the batch's whole duration, not a part of it.</summary>
    public const string TotalPhase = "triggerExecution";

    private BatchPoint(QueryProgress progress)
    {
        Progress = progress;
        Json = progress.ToUtf8Json();
        Time = ProgressTime.ToTime(ProgressTime.ToEpochMs(progress.Timestamp));
        EventTimeMin = ProgressTime.ToEpochMs(progress.EventTime.GetValueOrDefault("min"));
        EventTimeMax = ProgressTime.ToEpochMs(progress.EventTime.GetValueOrDefault("max"));
        Watermark = ProgressTime.ToEpochMs(progress.EventTime.GetValueOrDefault("watermark"));
        WatermarkInForce = ProgressTime.ToEpochMs(progress.WatermarkInForce);
        ShardWatermarks = progress.Shards
            .Select(s => (s.Key, Ms: ProgressTime.ToEpochMs(s.Value.Watermark)))
            .Where(s => s.Ms is not null)
            .ToDictionary(s => s.Key, s => s.Ms!.Value, StringComparer.Ordinal);
        var lag = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in progress.Sources)
        {
            foreach (var (name, value) in source.Metrics)
            {
                if (name.StartsWith(LagMetricPrefix, StringComparison.Ordinal) && name.Length > LagMetricPrefix.Length)
                {
                    lag[name[LagMetricPrefix.Length..]] = value;
                }
            }
        }

        LagMs = lag;
        OpenWindows = progress.StateOperators.Sum(o => o.NumRowsTotal);
        TotalMs = progress.DurationMs.TryGetValue(TotalPhase, out var total) ? total : progress.DurationMs.Values.Sum();
        Errors = progress.ErrorsByType.Values.Sum();
    }

    public QueryProgress Progress { get; }

    /// <summary>The record as the checkpoint keeps it (<c>progress/N.json</c>).</summary>
    public byte[] Json { get; }

    public long BatchId => Progress.BatchId;

    /// <summary>When the batch finished, or null when the record's timestamp cannot be read.</summary>
    public DateTimeOffset? Time { get; }

    public double? EventTimeMin { get; }

    public double? EventTimeMax { get; }

    /// <summary>The query's watermark after the batch.</summary>
    public double? Watermark { get; }

    /// <summary>The watermark the batch ran under.</summary>
    public double? WatermarkInForce { get; }

    /// <summary>Each shard's own watermark after the batch.</summary>
    public IReadOnlyDictionary<string, double> ShardWatermarks { get; }

    /// <summary>Each shard's lag behind the stream's tip (<c>millisBehindLatest</c>), when the source reports it.</summary>
    public IReadOnlyDictionary<string, long> LagMs { get; }

    /// <summary>Windows of the aggregation still open after the batch.</summary>
    public long OpenWindows { get; }

    /// <summary>The batch's whole duration (<c>triggerExecution</c>).</summary>
    public long TotalMs { get; }

    /// <summary>Rows written to the <c>errors</c> table by the batch.</summary>
    public long Errors { get; }

    public static BatchPoint Of(QueryProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new BatchPoint(progress);
    }
}
