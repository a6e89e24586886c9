using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace SparkEtl.Status.Tests;

/// <summary>What the status page shows, read from the browser's DOM: the batch table's cells and each chart's marks.</summary>
internal sealed class PageReading
{
    // Collects, as JSON text, per chart, every mark that carries a batch id, with its series and value; and the batch table's cells.
    private const string Script = """
        () => JSON.stringify({
          rows: [...document.querySelectorAll('table.batches tbody tr')].map(row => ({
            batch: row.dataset.batch,
            replayed: row.querySelector('[data-replayed]') !== null,
            cells: Object.fromEntries([...row.querySelectorAll('td[data-col]')].map(cell => [cell.dataset.col, cell.textContent])),
          })),
          charts: Object.fromEntries([...document.querySelectorAll('svg[data-chart]')].map(svg => [svg.dataset.chart, {
            empty: svg.classList.contains('empty'),
            text: svg.textContent,
            marks: [...svg.querySelectorAll('[data-batch]')].map(mark => ({
              batch: mark.dataset.batch,
              kind: mark.tagName.toLowerCase() === 'g' ? 'bar' : mark.getAttribute('class') || mark.tagName.toLowerCase(),
              series: mark.closest('[data-series]')?.dataset.series ?? '',
              value: mark.dataset.value ?? mark.dataset.total ?? mark.dataset.max ?? '',
            })),
          }])),
          figures: Object.fromEntries([...document.querySelectorAll('[data-figure]')].map(f => [f.dataset.figure, f.querySelector('.value').textContent])),
          pill: document.querySelector('.pill')?.textContent ?? '',
        })
        """;

    private PageReading(JsonElement root)
    {
        Rows = [.. root.GetProperty("rows").EnumerateArray().Select(r => new TableRow(
            long.Parse(r.GetProperty("batch").GetString()!, CultureInfo.InvariantCulture),
            r.GetProperty("replayed").GetBoolean(),
            r.GetProperty("cells").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString()!, StringComparer.Ordinal)))];
        Charts = root.GetProperty("charts").EnumerateObject().ToDictionary(c => c.Name, c => new Chart(
            c.Value.GetProperty("empty").GetBoolean(),
            c.Value.GetProperty("text").GetString()!,
            [.. c.Value.GetProperty("marks").EnumerateArray().Select(m => new Mark(
                long.Parse(m.GetProperty("batch").GetString()!, CultureInfo.InvariantCulture),
                m.GetProperty("kind").GetString()!,
                m.GetProperty("series").GetString()!,
                double.TryParse(m.GetProperty("value").GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN))]), StringComparer.Ordinal);
        Figures = root.GetProperty("figures").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString()!, StringComparer.Ordinal);
        Pill = root.GetProperty("pill").GetString()!;
    }

    public IReadOnlyList<TableRow> Rows { get; }

    public IReadOnlyDictionary<string, Chart> Charts { get; }

    public IReadOnlyDictionary<string, string> Figures { get; }

    public string Pill { get; }

    public static async Task<PageReading> ReadAsync(IPage page)
    {
        // Read as a JSON string: Playwright's own object transfer adds "$id" members of its own.
        using var document = JsonDocument.Parse(await page.EvaluateAsync<string>(Script));
        return new PageReading(document.RootElement);
    }

    /// <summary>A count as the page writes it (<c>12,345</c>).</summary>
    public static long Count(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    public sealed record TableRow(long Batch, bool Replayed, IReadOnlyDictionary<string, string> Cells);

    public sealed record Chart(bool Empty, string Text, IReadOnlyList<Mark> Marks)
    {
        /// <summary>The value of each batch's mark of one kind and series.</summary>
        public Dictionary<long, double> Values(string kind, string series = "") =>
            Marks.Where(m => m.Kind == kind && m.Series == series).ToDictionary(m => m.Batch, m => m.Value);
    }

    public sealed record Mark(long Batch, string Kind, string Series, double Value);
}
