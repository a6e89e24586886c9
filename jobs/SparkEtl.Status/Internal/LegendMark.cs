namespace SparkEtl.Status.Internal;

/// <summary>How a series is drawn, so its legend entry shows the same mark.</summary>
internal enum LegendMark
{
    Line,
    DashedLine,
    Bar,
    Band,
}
