using System.Globalization;
using System.Net;
using System.Text;

namespace SparkEtl.Status.Internal;

/// <summary>
/// The frame every chart is drawn in: an SVG of fixed view box (it scales to its card), a legend on top, horizontal grid
/// lines with the vertical axis' labels, batch ids below, and both axis titles. Charts draw their marks between
/// <see cref="Open"/> and <see cref="Close"/> with <see cref="X"/> and <see cref="Y"/>.
/// </summary>
internal sealed class ChartCanvas
{
    public const double Width = 640;
    public const double Height = 250;
    private const double Left = 62;
    private const double Right = 16;
    private const double Bottom = 42;
    private const double LegendRow = 16;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly StringBuilder _svg;
    private readonly string _name;
    private readonly string _label;
    private readonly BatchAxis _x;
    private readonly AxisScale _y;
    private readonly string _yTitle;
    private readonly IReadOnlyList<LegendEntry> _legend;
    private readonly List<(double X, double Y, LegendEntry Entry)> _legendPlaces = [];

    public ChartCanvas(StringBuilder svg, string name, string label, BatchAxis x, AxisScale y, string yTitle, IReadOnlyList<LegendEntry> legend)
    {
        _svg = svg;
        _name = name;
        _label = label;
        _x = x;
        _y = y;
        _yTitle = yTitle;
        _legend = legend;

        // Legend entries flow left to right and wrap; names are measured at about 6.4 px a character at 11 px.
        double place = Left, row = 0;
        foreach (var entry in legend)
        {
            var width = 22 + entry.Name.Length * 6.4 + 14;
            if (place + width > Width - Right && place > Left)
            {
                place = Left;
                row++;
            }

            _legendPlaces.Add((place, 12 + row * LegendRow, entry));
            place += width;
        }

        PlotTop = legend.Count == 0 ? 14 : 12 + (row + 1) * LegendRow + 6;
    }

    public double PlotTop { get; }

    public static double PlotBottom => Height - Bottom;

    public static double PlotLeft => Left;

    public static double PlotRight => Width - Right;

    /// <summary>The width of one batch's band.</summary>
    public double Band => (PlotRight - PlotLeft) / _x.Bands;

    /// <summary>The centre of a batch's band.</summary>
    public double X(long batchId) => PlotLeft + (batchId - _x.First + 0.5) * Band;

    public double Y(double value) => PlotBottom - _y.Fraction(value) * (PlotBottom - PlotTop);

    public StringBuilder Svg => _svg;

    /// <summary>Writes the start of the SVG, grid, axes and legend.</summary>
    public void Open()
    {
        _svg.Append(Invariant, $"<svg class=\"chart\" data-chart=\"{_name}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(_label)}\">");
        _svg.Append(Invariant, $"<title>{Encode(_label)}</title>");
        foreach (var tick in _y.Ticks)
        {
            var y = Y(tick);
            _svg.Append(Invariant, $"<line class=\"grid\" x1=\"{PlotLeft:0.#}\" x2=\"{PlotRight:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            _svg.Append(Invariant, $"<text class=\"tick\" x=\"{PlotLeft - 6:0.#}\" y=\"{y + 3.5:0.#}\" text-anchor=\"end\">{Encode(_y.Label(tick))}</text>");
        }

        _svg.Append(Invariant, $"<line class=\"axis\" x1=\"{PlotLeft:0.#}\" x2=\"{PlotRight:0.#}\" y1=\"{PlotBottom:0.#}\" y2=\"{PlotBottom:0.#}\"/>");
        foreach (var id in _x.Ticks)
        {
            var x = X(id);
            _svg.Append(Invariant, $"<line class=\"axis\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{PlotBottom:0.#}\" y2=\"{PlotBottom + 4:0.#}\"/>");
            _svg.Append(Invariant, $"<text class=\"tick\" x=\"{x:0.#}\" y=\"{PlotBottom + 16:0.#}\" text-anchor=\"middle\">{id}</text>");
        }

        _svg.Append(Invariant, $"<text class=\"axis-title\" x=\"{(PlotLeft + PlotRight) / 2:0.#}\" y=\"{Height - 6:0.#}\" text-anchor=\"middle\">{Encode(_x.Title)}</text>");
        var middle = (PlotTop + PlotBottom) / 2;
        _svg.Append(Invariant, $"<text class=\"axis-title\" x=\"14\" y=\"{middle:0.#}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {middle:0.#})\">{Encode(_yTitle)}</text>");
        WriteLegend();
    }

    public void Close() => _svg.Append("</svg>");

    /// <summary>An SVG of the same size with a message instead of marks: no batch yet, or nothing of this kind reported.</summary>
    public static void Empty(StringBuilder svg, string name, string label, string message)
    {
        svg.Append(Invariant, $"<svg class=\"chart empty\" data-chart=\"{name}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(label)}\">");
        svg.Append(Invariant, $"<title>{Encode(label)}</title>");
        svg.Append(Invariant, $"<rect class=\"placeholder\" x=\"{PlotLeft:0.#}\" y=\"14\" width=\"{PlotRight - PlotLeft:0.#}\" height=\"{PlotBottom - 14:0.#}\" rx=\"6\"/>");
        svg.Append(Invariant, $"<text class=\"empty-message\" x=\"{(PlotLeft + PlotRight) / 2:0.#}\" y=\"{(14 + PlotBottom) / 2:0.#}\" text-anchor=\"middle\">{Encode(message)}</text>");
        svg.Append("</svg>");
    }

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private void WriteLegend()
    {
        foreach (var (x, y, entry) in _legendPlaces)
        {
            var color = Encode(entry.Color);
            _svg.Append("<g class=\"legend\">");
            switch (entry.Mark)
            {
                case LegendMark.Bar:
                    _svg.Append(Invariant, $"<rect x=\"{x:0.#}\" y=\"{y - 5:0.#}\" width=\"14\" height=\"10\" rx=\"2\" fill=\"{color}\"/>");
                    break;
                case LegendMark.Band:
                    _svg.Append(Invariant, $"<rect x=\"{x:0.#}\" y=\"{y - 5:0.#}\" width=\"14\" height=\"10\" rx=\"2\" fill=\"{color}\" fill-opacity=\"0.35\" stroke=\"{color}\" stroke-width=\"1\"/>");
                    break;
                case LegendMark.DashedLine:
                    _svg.Append(Invariant, $"<line x1=\"{x:0.#}\" x2=\"{x + 16:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>");
                    break;
                default:
                    _svg.Append(Invariant, $"<line x1=\"{x:0.#}\" x2=\"{x + 16:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{color}\" stroke-width=\"2.5\"/>");
                    _svg.Append(Invariant, $"<circle cx=\"{x + 8:0.#}\" cy=\"{y:0.#}\" r=\"2.5\" fill=\"{color}\"/>");
                    break;
            }

            _svg.Append(Invariant, $"<text class=\"legend-text\" x=\"{x + 22:0.#}\" y=\"{y + 4:0.#}\">{Encode(entry.Name)}</text></g>");
        }
    }
}
