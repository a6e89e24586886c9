using System.Globalization;

namespace SparkEtl.Status.Internal;

/// <summary>
/// Event time against batches: each batch's range of trade event times as a band, the query's watermark after it
/// (dashed), and each shard's own watermark as a line. A watermark at +infinity (a bounded input that ended) is marked
/// with ∞ at the top instead of stretching the axis.
/// </summary>
internal static class EventTimeChart
{
    public const string Name = "event-time";
    private const string Label = "Event time and watermarks per batch";
    private const string RangeColor = "#8fa9c9";
    private const string QueryWatermarkColor = "#1f2937";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Draw(System.Text.StringBuilder svg, IReadOnlyList<BatchPoint> batches, IReadOnlyDictionary<string, string> shardColors)
    {
        var times = batches.SelectMany(b => new[] { b.EventTimeMin, b.EventTimeMax, b.Watermark }.OfType<double>().Concat(b.ShardWatermarks.Values));
        if (batches.Count == 0 || TimeScale.Over(times) is not { } scale)
        {
            ChartCanvas.Empty(svg, Name, Label, batches.Count == 0 ? "waiting for the first batch" : "no trade with a valid event time yet");
            return;
        }

        var shards = shardColors.Where(s => batches.Any(b => b.ShardWatermarks.ContainsKey(s.Key))).ToList();
        var query = new ChartSeries("query watermark", QueryWatermarkColor, [.. batches.Where(b => b.Watermark is not null).Select(b => (b.BatchId, b.Watermark!.Value))]) { Dashed = true };
        var lines = shards
            .Select(s => new ChartSeries(s.Key, s.Value, [.. batches.Where(b => b.ShardWatermarks.ContainsKey(s.Key)).Select(b => (b.BatchId, b.ShardWatermarks[s.Key]))]))
            .Append(query)
            .ToList();
        var legend = new List<LegendEntry> { new("event-time range", RangeColor, LegendMark.Band) };
        legend.AddRange(lines.Select(l => l.Legend));

        var canvas = new ChartCanvas(svg, Name, Label, BatchAxis.Of(batches), scale, $"event time, UTC ({scale.FirstDay})", legend);
        canvas.Open();
        var width = Math.Clamp(canvas.Band * 0.45, 2, 14);
        foreach (var batch in batches)
        {
            if (batch.EventTimeMin is { } min && batch.EventTimeMax is { } max && double.IsFinite(min) && double.IsFinite(max))
            {
                var top = canvas.Y(max);
                var height = Math.Max(canvas.Y(min) - top, 1.5);
                svg.Append(Invariant,
                    $"<rect class=\"range\" x=\"{canvas.X(batch.BatchId) - width / 2:0.##}\" y=\"{top:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" rx=\"1.5\" fill=\"{RangeColor}\" data-batch=\"{batch.BatchId}\" data-min=\"{ValueFormat.Plain(min)}\" data-max=\"{ValueFormat.Plain(max)}\">");
                svg.Append(Invariant, $"<title>batch {batch.BatchId} · event times {ValueFormat.Time(min)} – {ValueFormat.TimeOfDay(max)} UTC</title></rect>");
            }
        }

        LineChart.Draw(canvas, lines, ms => ValueFormat.Time(ms) + " UTC");
        foreach (var batch in batches.Where(b => b.Watermark is double.PositiveInfinity))
        {
            svg.Append(Invariant,
                $"<text class=\"infinity\" x=\"{canvas.X(batch.BatchId):0.#}\" y=\"{canvas.PlotTop + 10:0.#}\" text-anchor=\"middle\" data-batch=\"{batch.BatchId}\">∞<title>batch {batch.BatchId} · query watermark +infinity: the input ended and every window was closed</title></text>");
        }

        canvas.Close();
    }
}
