using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Warehouse.Checkpoint;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// A batch as computed in memory, before anything of it is written: its aggregation's results, the window state and
/// progress values as they stood after it (the next batch goes on to change them), and its encoded Parquet files.
/// </summary>
/// <param name="TradeTimes">How many trades the batch made and their event times, for its progress record.</param>
/// <param name="Late">How many trades came late.</param>
/// <param name="WatermarkInForce">The watermark the batch was aggregated under.</param>
/// <param name="State">The window state to commit with the batch, copied.</param>
/// <param name="View">The aggregator's values the progress record and the report show.</param>
/// <param name="Durations">Milliseconds per phase so far (Spark's <c>durationMs</c> names).</param>
internal sealed record ComputedBatch(
    BatchOffsets Offsets, PreparedBatch Prepared, bool Replayed, TransformCounts Counts, TradeTimes TradeTimes, IReadOnlyList<OhlcBar> Bars, List<ErrorRecord> Errors,
    int Late, long WatermarkInForce, WindowStateSnapshot State, AggregatorView View, SortedDictionary<string, long> Durations) : IDisposable
{
    /// <summary>The encoded files of Hive-style tables; null for Iceberg tables, which encode as they write.</summary>
    public ParquetBatchFiles? Files { get; set; }

    /// <summary>How long encoding took, in milliseconds; part of <c>addBatch</c>.</summary>
    public long EncodeMs { get; set; }

    public void Dispose() => Files?.Dispose();
}

/// <summary>How many trades a batch made, and the least, greatest and summed of their event times (epoch ms).</summary>
internal readonly record struct TradeTimes(int Count, long MinMs, long MaxMs, double SumMs)
{
    public static TradeTimes Of(ReadOnlySpan<Trade> trades)
    {
        long min = long.MaxValue, max = long.MinValue;
        double sum = 0;
        foreach (ref readonly var trade in trades)
        {
            min = Math.Min(min, trade.EventTimeMs);
            max = Math.Max(max, trade.EventTimeMs);
            sum += trade.EventTimeMs;
        }

        return new TradeTimes(trades.Length, min, max, sum);
    }
}

/// <summary>The aggregator's values after a batch, as its progress record shows them.</summary>
internal sealed record AggregatorView(long WatermarkMs, int OpenWindowCount, SortedDictionary<string, ShardProgress> Shards);

/// <summary>A batch's encoded files for Hive-style tables, and every key the batch will write (the raw backup's too).</summary>
internal sealed class ParquetBatchFiles(IReadOnlyList<string> keys) : IDisposable
{
    public IReadOnlyList<string> Keys { get; } = keys;

    public BuiltFiles? Trades { get; set; }

    public BuiltFiles? Bars { get; set; }

    public BuiltFiles? Errors { get; set; }

    public void Dispose()
    {
        Trades?.Dispose();
        Bars?.Dispose();
        Errors?.Dispose();
    }
}
