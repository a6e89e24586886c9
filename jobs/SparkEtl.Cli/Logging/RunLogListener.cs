using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SparkEtl.Core;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Logging;

/// <summary>
/// Logs what a run's query does: how it started, batches replayed or cleaned up after a crash, late trades, and idle
/// triggers (at most one every <see cref="IdleEvery"/> while it stays idle, as Spark reports idle progress), and each
/// committed batch when <paramref name="logBatches"/> says the log is where progress goes (JSON logs).
/// </summary>
internal sealed class RunLogListener(ILogger log, bool logBatches) : IProgressListener
{
    /// <summary>How often an idle query says so (Spark's spark.sql.streaming.noDataProgressEventInterval is 10 s).</summary>
    public static readonly TimeSpan IdleEvery = TimeSpan.FromSeconds(10);

    private long? _lastIdleLog;

    public void QueryStarted(QueryStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.ResumedAfterBatch < 0 && start.ReplayingBatch is null)
        {
            CliLog.QueryCreated(log, start.QueryId, start.Checkpoint);
        }
        else
        {
            CliLog.QueryResumed(log, start.QueryId, start.ResumedAfterBatch, start.Checkpoint);
        }
    }

    public void BatchCompleted(BatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _lastIdleLog = null;
        if (report.Replayed)
        {
            CliLog.BatchReplayed(log, report.BatchId);
        }

        if (report.Progress.Sink.NumLeftoversDeleted > 0)
        {
            CliLog.LeftoversDeleted(log, report.BatchId, report.Progress.Sink.NumLeftoversDeleted);
        }

        if (report.Counts.Late > 0)
        {
            CliLog.LateRecords(log, report.BatchId, report.Counts.Late, report.Progress.WatermarkInForce ?? "-");
        }

        if (logBatches)
        {
            CliLog.BatchCommitted(log, report.BatchId, report.InputRecords, report.Counts.Ok, report.Counts.DroppedTotal, report.Counts.FailedTotal,
                report.BarsEmitted, Watermark(report.WatermarkMs), report.Files.Count, (long)report.Duration.TotalMilliseconds, report.Progress);
        }
    }

    public void TriggerIdle(IdleTrigger idle)
    {
        ArgumentNullException.ThrowIfNull(idle);
        var now = Stopwatch.GetTimestamp();
        if (_lastIdleLog is { } last && Stopwatch.GetElapsedTime(last, now) < IdleEvery)
        {
            return;
        }

        _lastIdleLog = now;
        CliLog.TriggerIdle(log, (long)idle.IdleFor.TotalSeconds, idle.NextBatchId, Watermark(idle.WatermarkMs), idle.OpenWindows);
    }

    /// <summary>A watermark as the logs print it: an ISO-8601 time, <c>+infinity</c>, or <c>-</c> before the first trade.</summary>
    public static string Watermark(long ms) => ms == long.MinValue ? "-" : UtcTimestamp.FromEpochMs(ms);
}
