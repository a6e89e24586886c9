namespace SparkEtl.Status.Internal;

/// <summary>A vertical axis from zero to a round number above the largest value, with four to six round ticks.</summary>
internal sealed class ValueScale : AxisScale
{
    // Above a second, durations step in units people count in; below, and for plain numbers, in 1-2-5 decades.
    private static readonly double[] DurationSteps =
        [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

    private readonly Func<double, string> _label;

    private ValueScale(double max, IReadOnlyList<double> ticks, Func<double, string> label)
        : base(0, max, ticks)
    {
        _label = label;
    }

    /// <summary>An axis of counts or rates (labels like <c>1.5k</c>).</summary>
    public static ValueScale ForNumbers(double largest) => Build(largest, Decade, ValueFormat.Compact);

    /// <summary>An axis of milliseconds (labels like <c>250 ms</c>, <c>30 s</c>, <c>2 min</c>).</summary>
    public static ValueScale ForMilliseconds(double largest) =>
        Build(largest, rough => rough <= 1000 ? Decade(rough) : DurationSteps.FirstOrDefault(s => s >= rough, Decade(rough)), ValueFormat.Duration);

    public override string Label(double value) => _label(value);

    private static ValueScale Build(double largest, Func<double, double> roundStep, Func<double, string> label)
    {
        if (!double.IsFinite(largest) || largest <= 0)
        {
            largest = 1;
        }

        var step = roundStep(largest / 5);
        var top = Math.Ceiling(largest / step - 1e-9) * step;
        var ticks = new List<double>();
        for (var i = 0; i * step <= top + step / 2; i++)
        {
            ticks.Add(i * step);
        }

        return new ValueScale(top, ticks, label);
    }

    // The smallest of 1, 2, 2.5, 5 times a power of ten that is at least rough.
    private static double Decade(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var factor in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            if (factor * power >= rough - 1e-12)
            {
                return factor * power;
            }
        }

        return 10 * power;
    }
}
