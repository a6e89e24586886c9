using System.Text;

namespace SparkEtl.Status.Internal;

internal static partial class StatusPage
{
    private static void AppendBatchTable(StringBuilder html, StatusSnapshot snapshot)
    {
        var batches = snapshot.Batches;
        var shown = batches.Reverse().Take(TableRows).ToList();
        var tables = InTableOrder(batches.SelectMany(b => b.Progress.RowsPerTable.Keys));
        html.Append("<section class=\"card wide\"><h2>Recent batches</h2>");
        html.Append("<p class=\"sub\">")
            .Append(ChartCanvas.Encode(shown.Count < batches.Count ? $"The newest {shown.Count} of {batches.Count} kept batches, newest first." : "Newest first."))
            .Append(" Times UTC; the watermark is the one after the batch.</p>");
        if (shown.Count == 0)
        {
            html.Append("<p class=\"empty-table\">No batch has been committed yet.</p></section>");
            return;
        }

        html.Append("<div class=\"scroll\"><table class=\"batches\"><thead><tr>");
        html.Append("<th>Batch</th><th>Finished</th><th class=\"num\">Input rows</th><th class=\"num\">Input rate</th><th class=\"num\">Processing rate</th><th class=\"num\">Duration</th><th>Watermark</th>");
        foreach (var table in tables)
        {
            html.Append("<th class=\"num\">").Append(ChartCanvas.Encode(table)).Append("</th>");
        }

        html.Append("<th>Errors</th></tr></thead><tbody>");
        foreach (var batch in shown)
        {
            var progress = batch.Progress;
            html.Append(Invariant, $"<tr data-batch=\"{batch.BatchId}\"><td data-col=\"batch\">{batch.BatchId}");
            if (progress.Replayed)
            {
                html.Append(" <span class=\"badge\" data-replayed=\"true\" title=\"run again after a crash, from its checkpointed offsets\">replayed</span>");
            }

            html.Append("</td>");
            Cell(html, "time", batch.Time is { } time ? ValueFormat.Time(time.ToUnixTimeMilliseconds()) : progress.Timestamp);
            Cell(html, "input", ValueFormat.Count(progress.NumInputRows), numeric: true);
            Cell(html, "input-rate", ValueFormat.Rate(progress.InputRowsPerSecond), numeric: true);
            Cell(html, "processing-rate", ValueFormat.Rate(progress.ProcessedRowsPerSecond), numeric: true);
            Cell(html, "duration", ValueFormat.Duration(batch.TotalMs), numeric: true);
            Cell(html, "watermark", batch.Watermark is { } watermark ? ValueFormat.Time(watermark) : "–");
            foreach (var table in tables)
            {
                Cell(html, "rows-" + table, progress.RowsPerTable.TryGetValue(table, out var rows) ? ValueFormat.Count(rows) : "–", numeric: true);
            }

            Cell(html, "errors", progress.ErrorsByType.Count == 0 ? "–" : string.Join(", ", progress.ErrorsByType.Select(e => $"{e.Key} {ValueFormat.Count(e.Value)}")));
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    private static void AppendShardTable(StringBuilder html, StatusSnapshot snapshot, IReadOnlyDictionary<string, string> shardColors)
    {
        if (snapshot.Last is not { } last || (last.Progress.Shards.Count == 0 && last.LagMs.Count == 0))
        {
            html.Append("<p class=\"empty-table\">No shard has delivered a trade yet.</p>");
            return;
        }

        html.Append("<div class=\"scroll\"><table class=\"shards\"><thead><tr><th>Shard</th><th>State</th><th>Watermark</th><th>Latest event time</th><th class=\"num\">Lag</th></tr></thead><tbody>");
        foreach (var shard in last.Progress.Shards.Keys.Union(last.LagMs.Keys).Order(StringComparer.Ordinal))
        {
            var color = shardColors.TryGetValue(shard, out var c) ? c : ChartPalette.At(0);
            html.Append("<tr data-shard=\"").Append(ChartCanvas.Encode(shard)).Append("\"><td>");
            html.Append("<svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" rx=\"2\" fill=\"").Append(ChartCanvas.Encode(color)).Append("\"/></svg>");
            html.Append(ChartCanvas.Encode(shard)).Append("</td>");
            if (last.Progress.Shards.TryGetValue(shard, out var state))
            {
                html.Append("<td><span class=\"state ").Append(ChartCanvas.Encode(state.State)).Append("\">").Append(ChartCanvas.Encode(state.State)).Append("</span></td>");
                Cell(html, "watermark", ProgressTime.ToEpochMs(state.Watermark) is { } watermark ? ValueFormat.Time(watermark) : state.Watermark);
                Cell(html, "max-event-time", ProgressTime.ToEpochMs(state.MaxEventTime) is { } max ? ValueFormat.Time(max) : state.MaxEventTime);
            }
            else
            {
                html.Append("<td>–</td><td>–</td><td>–</td>");
            }

            Cell(html, "lag", last.LagMs.TryGetValue(shard, out var lag) ? ValueFormat.Duration(lag) : "–", numeric: true);
            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Cell(StringBuilder html, string column, string text, bool numeric = false)
    {
        html.Append("<td data-col=\"").Append(ChartCanvas.Encode(column)).Append('"');
        if (numeric)
        {
            html.Append(" class=\"num\"");
        }

        html.Append('>').Append(ChartCanvas.Encode(text)).Append("</td>");
    }
}
