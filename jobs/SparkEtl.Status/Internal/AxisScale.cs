namespace SparkEtl.Status.Internal;

/// <summary>A chart's vertical axis: its domain, the values it marks and how it writes them.</summary>
internal abstract class AxisScale
{
    protected AxisScale(double min, double max, IReadOnlyList<double> ticks)
    {
        Min = min;
        Max = max > min ? max : min + 1;
        Ticks = ticks;
    }

    public double Min { get; }

    public double Max { get; }

    public IReadOnlyList<double> Ticks { get; }

    /// <summary>Where <paramref name="value"/> lies between <see cref="Min"/> (0) and <see cref="Max"/> (1), clamped.</summary>
    public double Fraction(double value) => Math.Clamp((value - Min) / (Max - Min), 0, 1);

    /// <summary>The label of a tick.</summary>
    public abstract string Label(double value);
}
