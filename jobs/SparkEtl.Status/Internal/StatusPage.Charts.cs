using System.Text;

namespace SparkEtl.Status.Internal;

internal static partial class StatusPage
{
    // The phases of a batch in the order they run (StreamingQuery); the total (triggerExecution) is not a part.
    private static readonly string[] PhaseOrder = ["latestOffset", "walCommit", "decode", "aggregate", "addBatch", "commitOffsets"];
    private static readonly string[] PhaseColors = ["#6b7a8f", "#b5893a", "#2f6fb3", "#7d5ba6", "#3a9b5c", "#e07b1f"];

    private static void AppendCharts(StringBuilder html, StatusSnapshot snapshot)
    {
        var batches = snapshot.Batches.Skip(Math.Max(0, snapshot.Batches.Count - ChartBatches)).ToList();
        var shardColors = ChartPalette.For(batches.SelectMany(b => b.ShardWatermarks.Keys.Concat(b.LagMs.Keys).Concat(b.Progress.Shards.Keys)).Order(StringComparer.Ordinal));
        html.Append("<section class=\"charts\">");

        Card(html, "Input and processing rate", "Kinesis records per second: input since the previous batch began, processing over the batch's own time.", svg =>
        {
            var series = new List<ChartSeries>
            {
                new("input rate", ChartPalette.At(0), [.. batches.Select(b => (b.BatchId, b.Progress.InputRowsPerSecond))]),
                new("processing rate", ChartPalette.At(1), [.. batches.Select(b => (b.BatchId, b.Progress.ProcessedRowsPerSecond))]),
            };
            Lines(svg, batches, "rates", "Input and processing rate per batch", series, max => ValueScale.ForNumbers(max), "records / s", ValueFormat.Rate);
        });

        Card(html, "Batch duration by phase", "Where each batch's time went: read, plan, decode, aggregate, write files, commit.", svg =>
        {
            var phases = PhaseOrder.Select((p, i) => (p, PhaseColors[i]))
                .Concat(batches.SelectMany(b => b.Progress.DurationMs.Keys).Distinct(StringComparer.Ordinal)
                    .Where(p => p != BatchPoint.TotalPhase && !PhaseOrder.Contains(p, StringComparer.Ordinal)).Order(StringComparer.Ordinal)
                    .Select((p, i) => (p, ChartPalette.At(i + 3))))
                .ToList();
            Bars(svg, batches, "durations", "Batch duration by phase", phases, (b, p) => b.Progress.DurationMs.GetValueOrDefault(p),
                ValueScale.ForMilliseconds, "duration", ValueFormat.Duration, "waiting for the first batch");
        });

        Card(html, "Event time and watermarks", "Each batch's range of trade event times; each shard's watermark and the query's (their minimum over active shards).", svg =>
            EventTimeChart.Draw(svg, batches, shardColors));

        Card(html, "Lag per shard", "How far each shard's reader is behind the tip of the stream (Kinesis millisBehindLatest).", svg =>
        {
            var series = shardColors.Keys
                .Where(s => batches.Any(b => b.LagMs.ContainsKey(s)))
                .Select(s => new ChartSeries(s, shardColors[s], [.. batches.Where(b => b.LagMs.ContainsKey(s)).Select(b => (b.BatchId, (double)b.LagMs[s]))]))
                .ToList();
            if (batches.Count > 0 && series.Count == 0)
            {
                ChartCanvas.Empty(svg, "lag", "Lag per shard", "this source reports no lag (Kinesis sources do)");
                return;
            }

            Lines(svg, batches, "lag", "Lag per shard per batch", series, ValueScale.ForMilliseconds, "behind latest", ValueFormat.Duration);
        });

        var tables = InTableOrder(batches.SelectMany(b => b.Progress.RowsPerTable.Keys)).Select((t, i) => (t, TableColor(t, i))).ToList();
        Card(html, "Rows written per table", Totals("all batches", InTableOrder(snapshot.Totals.RowsPerTable.Keys).Select(t => (t, snapshot.Totals.RowsPerTable[t]))), svg =>
            Bars(svg, batches, "rows", "Rows written per table per batch", tables,
                (b, t) => b.Progress.RowsPerTable.GetValueOrDefault(t), ValueScale.ForNumbers, "rows", v => ValueFormat.Count((long)v), "waiting for the first batch"));

        var errorTypes = batches.SelectMany(b => b.Progress.ErrorsByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((t, i) => (t, ErrorColor(i))).ToList();
        Card(html, "Errors by type", snapshot.Totals.ErrorsByType.IsEmpty ? "Rows of the errors table, by error type." : Totals("all batches", snapshot.Totals.ErrorsByType.Select(e => (e.Key, e.Value))), svg =>
            Bars(svg, batches, "errors", "Error rows by type per batch", errorTypes, (b, t) => b.Progress.ErrorsByType.GetValueOrDefault(t),
                ValueScale.ForNumbers, "error rows", v => ValueFormat.Count((long)v), batches.Count == 1 ? "no error rows in the last batch" : $"no error rows in the last {batches.Count} batches"));

        Card(html, "Open windows", "Event-time windows still open after each batch: written once the watermark passes their end.", svg =>
            Lines(svg, batches, "open-windows", "Open windows after each batch",
                [new ChartSeries("open windows", ChartPalette.At(4), [.. batches.Select(b => (b.BatchId, (double)b.OpenWindows))])],
                ValueScale.ForNumbers, "windows", v => ValueFormat.Count((long)v), area: true));

        html.Append("<div class=\"card\"><h2>Shards</h2><p class=\"sub\">After the last batch: each shard's watermark, latest event time and lag. Idle and ended shards do not hold the watermark back.</p>");
        AppendShardTable(html, snapshot, shardColors);
        html.Append("</div></section>");
    }

    private static void Card(StringBuilder html, string title, string note, Action<StringBuilder> chart)
    {
        html.Append("<div class=\"card\"><h2>").Append(ChartCanvas.Encode(title)).Append("</h2>");
        html.Append("<p class=\"sub\">").Append(ChartCanvas.Encode(note)).Append("</p>");
        chart(html);
        html.Append("</div>");
    }

    private static void Lines(
        StringBuilder svg, IReadOnlyList<BatchPoint> batches, string name, string label, IReadOnlyList<ChartSeries> series,
        Func<double, ValueScale> scale, string yTitle, Func<double, string> format, bool area = false)
    {
        if (batches.Count == 0)
        {
            ChartCanvas.Empty(svg, name, label, "waiting for the first batch");
            return;
        }

        var largest = series.SelectMany(s => s.Points).Select(p => p.Value).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var canvas = new ChartCanvas(svg, name, label, BatchAxis.Of(batches), scale(largest), yTitle, area ? [] : [.. series.Select(s => s.Legend)]);
        canvas.Open();
        LineChart.Draw(canvas, series, format, area);
        canvas.Close();
    }

    private static void Bars(
        StringBuilder svg, IReadOnlyList<BatchPoint> batches, string name, string label, IReadOnlyList<(string Name, string Color)> categories,
        Func<BatchPoint, string, double> value, Func<double, ValueScale> scale, string yTitle, Func<double, string> format, string emptyMessage)
    {
        if (batches.Count == 0 || categories.Count == 0)
        {
            ChartCanvas.Empty(svg, name, label, batches.Count == 0 ? "waiting for the first batch" : emptyMessage);
            return;
        }

        var largest = batches.Select(b => categories.Sum(c => value(b, c.Name))).Max();
        var canvas = new ChartCanvas(svg, name, label, BatchAxis.Of(batches), scale(largest), yTitle,
            [.. categories.Select(c => new LegendEntry(c.Name, c.Color, LegendMark.Bar))]);
        canvas.Open();
        StackedBarChart.Draw(canvas, batches, categories, value, format);
        canvas.Close();
    }

    private static string Totals(string over, IEnumerable<(string Name, long Count)> totals)
    {
        var parts = totals.Select(t => $"{t.Name} {ValueFormat.Count(t.Count)}").ToList();
        return parts.Count == 0 ? "Nothing yet." : $"Totals over {over}: " + string.Join(" · ", parts);
    }

    // Trades green, bars blue, errors red, so the rows chart reads at a glance; any other table takes the palette.
    private static string TableColor(string table, int index) => table switch
    {
        "trades" => "#3a9b5c",
        "errors" => "#c8443c",
        _ when table.StartsWith("ohlc_", StringComparison.Ordinal) => "#2f6fb3",
        _ => ChartPalette.At(index + 4),
    };

    // Errors take warm colours, so they read as errors next to the other charts.
    private static string ErrorColor(int index) => ((string[])["#c8443c", "#e07b1f", "#b5893a", "#d35f9b", "#7d5ba6", "#8c2d2a", "#f0a04b", "#6b7a8f"])[index % 8];
}
