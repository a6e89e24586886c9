using System.Globalization;
using System.Text;

namespace SparkEtl.Status.Internal;

/// <summary>Lines through one point per batch, each point with its value in a tooltip and in <c>data-</c> attributes.</summary>
internal static class LineChart
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="format">Writes a value for the tooltips.</param>
    /// <param name="area">Shades the area under a single series.</param>
    public static void Draw(ChartCanvas canvas, IReadOnlyList<ChartSeries> series, Func<double, string> format, bool area = false)
    {
        var svg = canvas.Svg;
        var radius = Math.Clamp(canvas.Band * 0.28, 1, 3.5);
        foreach (var line in series)
        {
            var color = ChartCanvas.Encode(line.Color);
            svg.Append(Invariant, $"<g class=\"series\" data-series=\"{ChartCanvas.Encode(line.Name)}\">");
            foreach (var run in Runs(line.Points))
            {
                if (area && series.Count == 1)
                {
                    svg.Append(Invariant, $"<path class=\"area\" fill=\"{color}\" d=\"M{canvas.X(run[0].Batch):0.#},{ChartCanvas.PlotBottom:0.#}");
                    foreach (var (batch, value) in run)
                    {
                        svg.Append(Invariant, $" L{canvas.X(batch):0.#},{canvas.Y(value):0.#}");
                    }

                    svg.Append(Invariant, $" L{canvas.X(run[^1].Batch):0.#},{ChartCanvas.PlotBottom:0.#} Z\"/>");
                }

                if (run.Count > 1)
                {
                    svg.Append(Invariant, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\"");
                    if (line.Dashed)
                    {
                        svg.Append(" stroke-dasharray=\"5 4\"");
                    }

                    svg.Append(" points=\"");
                    foreach (var (batch, value) in run)
                    {
                        svg.Append(Invariant, $"{canvas.X(batch):0.#},{canvas.Y(value):0.#} ");
                    }

                    svg.Length--;
                    svg.Append("\"/>");
                }
            }

            foreach (var (batch, value) in line.Points)
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                svg.Append(Invariant,
                    $"<circle class=\"point\" cx=\"{canvas.X(batch):0.#}\" cy=\"{canvas.Y(value):0.#}\" r=\"{radius:0.#}\" fill=\"{color}\" data-batch=\"{batch}\" data-value=\"{ValueFormat.Plain(value)}\">");
                svg.Append(Invariant, $"<title>batch {batch} · {ChartCanvas.Encode(line.Name)}: {ChartCanvas.Encode(format(value))}</title></circle>");
            }

            svg.Append("</g>");
        }
    }

    // Consecutive batches with finite values are joined; a missing batch or an infinite value breaks the line.
    private static List<List<(long Batch, double Value)>> Runs(IReadOnlyList<(long Batch, double Value)> points)
    {
        var runs = new List<List<(long Batch, double Value)>>();
        List<(long Batch, double Value)>? current = null;
        foreach (var point in points)
        {
            if (!double.IsFinite(point.Value))
            {
                current = null;
                continue;
            }

            if (current is null || point.Batch != current[^1].Batch + 1)
            {
                current = [];
                runs.Add(current);
            }

            current.Add(point);
        }

        return runs;
    }
}
