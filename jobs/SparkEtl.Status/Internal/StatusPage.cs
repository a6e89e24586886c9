using System.Globalization;
using System.Text;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The status page: one self-contained HTML document (style and script inline, charts as SVG drawn here, nothing
/// fetched from elsewhere) whose <c>main</c> element is the <see cref="Fragment"/> the page's script fetches again
/// every few seconds. Everything taken from progress records is HTML-encoded.
/// </summary>
internal static partial class StatusPage
{
    /// <summary>The batch table's length: the newest batches; all kept ones are in <c>/api/progress</c>.</summary>
    public const int TableRows = 50;

    /// <summary>How many of the newest kept batches the charts draw, so a page stays light however many are kept.</summary>
    public const int ChartBatches = 300;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Document(StatusSnapshot snapshot, StatusServerOptions options, DateTimeOffset now)
    {
        var html = new StringBuilder(64 * 1024);
        var name = ChartCanvas.Encode(options.QueryName);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(Invariant, $"<title>{name} · SparkEtl status</title>");
        html.Append("<link rel=\"icon\" href=\"data:,\">");
        html.Append(Invariant, $"<noscript><meta http-equiv=\"refresh\" content=\"{options.RefreshSeconds}\"></noscript>");
        html.Append("<style>").Append(PageAssets.Style).Append("</style></head><body>");
        html.Append("<div id=\"offline\" class=\"offline\">The status server does not answer: showing what it last said.</div>");
        html.Append(Invariant, $"<main id=\"status\" data-refresh=\"{options.RefreshSeconds}\">");
        AppendFragment(html, snapshot, options, now);
        html.Append("</main><script>").Append(PageAssets.Script).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>The content of the page's <c>main</c> element, as the page's script fetches it from <c>/fragment</c>.</summary>
    public static string Fragment(StatusSnapshot snapshot, StatusServerOptions options, DateTimeOffset now)
    {
        var html = new StringBuilder(64 * 1024);
        AppendFragment(html, snapshot, options, now);
        return html.ToString();
    }

    private static void AppendFragment(StringBuilder html, StatusSnapshot snapshot, StatusServerOptions options, DateTimeOffset now)
    {
        AppendHeader(html, snapshot, options, now);
        AppendFigures(html, snapshot);
        AppendCharts(html, snapshot);
        AppendBatchTable(html, snapshot);
        html.Append(Invariant,
            $"<footer>Refreshes every {options.RefreshSeconds} s · keeps the last {options.Retain} batches · <a href=\"api/progress\">/api/progress</a> · <a href=\"metrics\">/metrics</a> · <a href=\"healthz\">/healthz</a></footer>");
    }

    private static void AppendHeader(StringBuilder html, StatusSnapshot snapshot, StatusServerOptions options, DateTimeOffset now)
    {
        html.Append("<header class=\"top\"><div class=\"title\"><h1><span class=\"mark\">SparkEtl</span> ");
        html.Append(ChartCanvas.Encode(options.QueryName)).Append("</h1>");
        if (snapshot.Last is { } last)
        {
            var age = last.Time is { } time ? ValueFormat.Age(now - time) : "time unknown";
            html.Append(Invariant, $"<span class=\"pill\" data-last-batch=\"{last.BatchId}\">batch {last.BatchId} · {age}</span>");
            var progress = last.Progress;
            html.Append("<p class=\"ids\">");
            html.Append(Invariant, $"query <code>{ChartCanvas.Encode(progress.Id)}</code> · run <code>{ChartCanvas.Encode(progress.RunId)}</code>");
            if (progress.Sources.Count > 0)
            {
                html.Append(Invariant, $" · source <code>{ChartCanvas.Encode(progress.Sources[0].Description)}</code>");
            }

            html.Append(Invariant, $" · warehouse <code>{ChartCanvas.Encode(progress.Sink.Description)}</code></p>");
        }
        else
        {
            html.Append("<span class=\"pill waiting\">waiting for the first batch</span>");
        }

        html.Append("</div></header>");
    }

    private static void AppendFigures(StringBuilder html, StatusSnapshot snapshot)
    {
        var totals = snapshot.Totals;
        var last = snapshot.Last;
        html.Append("<section class=\"figures\">");
        Figure(html, "batches", "Batches", ValueFormat.Count(totals.Batches),
            totals.ReplayedBatches > 0 ? $"{ValueFormat.Count(totals.ReplayedBatches)} replayed" : "committed");
        Figure(html, "input", "Input records", ValueFormat.Count(totals.InputRows), "Kinesis records read");
        foreach (var table in InTableOrder(totals.RowsPerTable.Keys))
        {
            Figure(html, "rows-" + table, table, ValueFormat.Count(totals.RowsPerTable[table]), "rows written");
        }

        Figure(html, "open-windows", "Open windows", last is null ? "–" : ValueFormat.Count(last.OpenWindows), "wait for the watermark");
        var watermark = last?.Watermark;
        Figure(html, "watermark", "Watermark", watermark is { } ms ? (double.IsFinite(ms) ? ValueFormat.TimeOfDay(ms) : ValueFormat.Time(ms)) : "–",
            watermark switch
            {
                double.PositiveInfinity => "input ended",
                { } finite when double.IsFinite(finite) => ValueFormat.Time(finite)[..10] + " UTC",
                _ => "no trade yet",
            });
        Figure(html, "processing-rate", "Processing rate", last is null ? "–" : ValueFormat.Rate(last.Progress.ProcessedRowsPerSecond),
            last is null ? "records per second" : $"input {ValueFormat.Rate(last.Progress.InputRowsPerSecond)}");
        html.Append("</section>");
    }

    /// <summary>Tables as a run writes them: <c>trades</c>, then the bars and any other, then <c>errors</c>.</summary>
    private static List<string> InTableOrder(IEnumerable<string> tables) =>
        [.. tables.Distinct(StringComparer.Ordinal).OrderBy(t => t switch { "trades" => 0, "errors" => 2, _ => 1 }).ThenBy(t => t, StringComparer.Ordinal)];

    private static void Figure(StringBuilder html, string key, string label, string value, string note) =>
        html.Append(Invariant,
            $"<div class=\"figure\" data-figure=\"{ChartCanvas.Encode(key)}\"><div class=\"label\">{ChartCanvas.Encode(label)}</div><div class=\"value\">{ChartCanvas.Encode(value)}</div><div class=\"note\">{ChartCanvas.Encode(note)}</div></div>");
}
