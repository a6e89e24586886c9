using System.Globalization;
using System.Text;

namespace SparkEtl.Status.Internal;

/// <summary>One bar per batch, stacked by category in a fixed order; each bar's tooltip lists its parts and total.</summary>
internal static class StackedBarChart
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="categories">The stack's parts, bottom first, with their colours.</param>
    /// <param name="value">A part's value in a batch (0 when absent).</param>
    /// <param name="format">Writes a value for the tooltips.</param>
    public static void Draw(
        ChartCanvas canvas, IReadOnlyList<BatchPoint> batches, IReadOnlyList<(string Name, string Color)> categories,
        Func<BatchPoint, string, double> value, Func<double, string> format)
    {
        var svg = canvas.Svg;
        var width = Math.Min(canvas.Band * 0.72, 30);
        foreach (var batch in batches)
        {
            var parts = categories.Select(c => (c.Name, c.Color, Value: value(batch, c.Name))).ToList();
            var total = parts.Sum(p => p.Value);
            svg.Append(Invariant, $"<g class=\"bar\" data-batch=\"{batch.BatchId}\" data-total=\"{ValueFormat.Plain(total)}\">");
            var tooltip = new StringBuilder();
            tooltip.Append(Invariant, $"batch {batch.BatchId}");
            foreach (var part in parts.Where(p => p.Value > 0))
            {
                tooltip.Append(Invariant, $"\n{part.Name}: {format(part.Value)}");
            }

            tooltip.Append(Invariant, $"\ntotal: {format(total)}");
            svg.Append(Invariant, $"<title>{ChartCanvas.Encode(tooltip.ToString())}</title>");

            var x = canvas.X(batch.BatchId) - width / 2;
            var below = 0.0;
            foreach (var part in parts)
            {
                if (part.Value <= 0)
                {
                    continue;
                }

                var top = canvas.Y(below + part.Value);
                var bottom = canvas.Y(below);
                svg.Append(Invariant,
                    $"<rect x=\"{x:0.##}\" y=\"{top:0.##}\" width=\"{width:0.##}\" height=\"{Math.Max(bottom - top, 0.5):0.##}\" fill=\"{ChartCanvas.Encode(part.Color)}\" data-series=\"{ChartCanvas.Encode(part.Name)}\" data-value=\"{ValueFormat.Plain(part.Value)}\"/>");
                below += part.Value;
            }

            svg.Append("</g>");
        }
    }
}
