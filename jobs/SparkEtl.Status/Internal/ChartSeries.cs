namespace SparkEtl.Status.Internal;

/// <summary>A named line of values per batch id, oldest first; batches without a value leave a gap.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(long Batch, double Value)> Points)
{
    /// <summary>Drawn dashed (a reference line such as the query's watermark).</summary>
    public bool Dashed { get; init; }

    public LegendEntry Legend => new(Name, Color, Dashed ? LegendMark.DashedLine : LegendMark.Line);
}
