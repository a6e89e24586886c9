using System.Globalization;
using SparkEtl.Cli.Logging;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>
/// One compact line per finished batch on standard error: batch id, records, results, watermark, files and speed. On a
/// terminal the line is redrawn in place (log entries go above it); otherwise each batch gets a line.
/// </summary>
internal sealed class ConsoleProgress(DiagnosticsWriter writer) : IProgressListener
{
    public void BatchCompleted(BatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var seconds = Math.Max(report.Duration.TotalSeconds, 1e-6);
        var watermark = report.WatermarkMs == long.MinValue ? "-"
            : report.WatermarkMs == long.MaxValue ? "+inf"
            : DateTimeOffset.FromUnixTimeMilliseconds(report.WatermarkMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        writer.SetLive(string.Create(CultureInfo.InvariantCulture,
            $"batch {report.BatchId}{(report.Replayed ? " (replayed)" : "")}: {report.InputRecords:N0} records, {report.Counts.Ok:N0} ok, {report.Counts.DroppedTotal:N0} dropped, {report.Counts.FailedTotal:N0} failed, {report.BarsEmitted:N0} bars, watermark {watermark}, {report.Files.Count} files, {report.Counts.Total / seconds:N0}/s"));
    }
}
