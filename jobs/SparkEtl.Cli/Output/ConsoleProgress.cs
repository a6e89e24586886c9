using System.Globalization;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>
/// One compact line per finished batch on standard error: batch id, records, results, watermark,
/// files and speed. On a terminal the line is redrawn in place; otherwise each batch gets a line.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error, bool redraw) : IProgressListener
{
    private bool _drawn;

    public void BatchCompleted(BatchReport report)
    {
        var seconds = Math.Max(report.Duration.TotalSeconds, 1e-6);
        var watermark = report.WatermarkMs == long.MinValue ? "-"
            : report.WatermarkMs == long.MaxValue ? "+inf"
            : DateTimeOffset.FromUnixTimeMilliseconds(report.WatermarkMs).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"batch {report.BatchId}{(report.Replayed ? " (replayed)" : "")}: {report.InputRecords:N0} records, {report.Counts.Ok:N0} ok, {report.Counts.DroppedTotal:N0} dropped, {report.Counts.FailedTotal:N0} failed, {report.BarsEmitted:N0} bars, watermark {watermark}, {report.Files.Count} files, {report.Counts.Total / seconds:N0}/s");
        if (redraw)
        {
            error.Write("\r\u001b[2K" + line);
            _drawn = true;
        }
        else
        {
            error.WriteLine(line);
        }
    }

    /// <summary>Ends a redrawn line so what follows starts on its own.</summary>
    public void Finish()
    {
        if (_drawn)
        {
            error.WriteLine();
        }
    }
}
