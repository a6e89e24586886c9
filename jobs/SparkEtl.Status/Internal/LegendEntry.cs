namespace SparkEtl.Status.Internal;

/// <summary>One entry of a chart's legend: a series' name, its colour and how it is drawn.</summary>
internal sealed record LegendEntry(string Name, string Color, LegendMark Mark);
