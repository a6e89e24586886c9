using System.Globalization;
using SparkEtl.Core.Transform;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>Prints a run's summary: transform results, rows and files per table, and a few OHLC bars.</summary>
internal static class SummaryPrinter
{
    public static void Print(TextWriter output, string source, string warehouse, string checkpoint, RunSummary summary)
    {
        var inv = CultureInfo.InvariantCulture;
        if (summary.ResumedAfterBatch >= 0)
        {
            output.WriteLine(string.Create(inv, $"Resumed from the checkpoint at {checkpoint} after batch {summary.ResumedAfterBatch}{(summary.ReplayedBatch is { } replayed ? $"; batch {replayed} was left uncommitted by the last run and was run again" : "")}."));
        }

        if (summary.Batches == 0)
        {
            output.WriteLine(string.Create(inv, $"Nothing new to read from {source}: the checkpoint at {checkpoint} has already processed all of it. Use another --checkpoint (or warehouse) to run again from the start."));
            return;
        }

        output.WriteLine(string.Create(inv,
            $"SparkEtl: {source} -> {warehouse}: {summary.Batches} batches, {summary.InputRecords:N0} Kinesis records ({Bytes(summary.InputBytes)}), {summary.Results:N0} ticker records and log events in {summary.Elapsed.TotalSeconds:F2} s ({summary.ResultsPerSecond:N0}/s)"));
        output.WriteLine();

        var counts = summary.Counts;
        output.WriteLine("result              count");
        output.WriteLine(string.Create(inv, $"ok           {counts.Ok,12:N0}"));
        output.WriteLine(string.Create(inv, $"dropped      {counts.DroppedTotal,12:N0}{Breakdown(DropReasons.All.Select(r => (r.Code(), counts.Dropped(r))))}"));
        output.WriteLine(string.Create(inv, $"failed       {counts.FailedTotal,12:N0}{Breakdown(ErrorTypes.All.Select(t => (t.Code(), counts.Failed(t))))}"));
        if (counts.Late > 0)
        {
            output.WriteLine(string.Create(inv, $"late         {counts.Late,12:N0}  (ok trades behind the watermark: in trades, left out of the bars, one late-record row each in errors)"));
        }

        output.WriteLine();

        output.WriteLine("table               rows   files       bytes");
        foreach (var (table, rows, files, bytes) in summary.Tables)
        {
            output.WriteLine(string.Create(inv, $"{table,-12} {rows,11:N0} {files,7:N0} {Bytes(bytes),11}"));
        }

        if (summary.OpenWindows > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv,
                $"{summary.OpenWindows:N0} windows are still open: each is written once the watermark (now {Core.UtcTimestamp.FromEpochMs(summary.WatermarkMs)}) passes its end, when later trades arrive or the shards go idle."));
        }

        if (summary.SampleBars.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(inv, $"OHLC bars of {summary.SampleBars[0].Symbol} (first {summary.SampleBars.Count}):"));
            output.WriteLine("window (UTC)                  open      high       low     close  trades   avg_price");
            foreach (var bar in summary.SampleBars)
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds(bar.WindowStartMs).ToString("yyyy-MM-dd HH:mm", inv);
                var end = DateTimeOffset.FromUnixTimeMilliseconds(bar.WindowEndMs).ToString("HH:mm", inv);
                output.WriteLine(string.Create(inv,
                    $"{start}-{end}  {bar.Open,9:F2} {bar.High,9:F2} {bar.Low,9:F2} {bar.Close,9:F2} {bar.TradeCount,7:N0} {bar.AveragePrice,11:F4}"));
            }
        }
    }

    private static string Breakdown(IEnumerable<(string Code, long Count)> parts)
    {
        var shown = parts.Where(p => p.Count > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Code} {p.Count:N0}")).ToList();
        return shown.Count == 0 ? "" : "  (" + string.Join(", ", shown) + ")";
    }

    /// <summary>A byte count in the largest binary unit below it: <c>812 B</c>, <c>61.0 KiB</c>, <c>3.2 MiB</c>.</summary>
    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        < 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F2} GiB"),
    };
}
