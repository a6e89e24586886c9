namespace SparkEtl.Status.Internal;

/// <summary>A vertical axis of event times (epoch milliseconds, UTC), ticked at round clock times.</summary>
internal sealed class TimeScale : AxisScale
{
    private const long Second = 1000, Minute = 60 * Second, Hour = 60 * Minute, Day = 24 * Hour;

    private static readonly long[] Steps =
    [
        Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second,
        Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute,
        Hour, 2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour, Day, 2 * Day, 7 * Day, 30 * Day, 365 * Day,
    ];

    private readonly long _step;

    private TimeScale(double min, double max, IReadOnlyList<double> ticks, long step)
        : base(min, max, ticks)
    {
        _step = step;
    }

    /// <summary>An axis over the finite times given, widened to round times; null when there are none.</summary>
    public static TimeScale? Over(IEnumerable<double> epochMs)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var ms in epochMs)
        {
            if (double.IsFinite(ms))
            {
                low = Math.Min(low, ms);
                high = Math.Max(high, ms);
            }
        }

        if (low > high)
        {
            return null;
        }

        var step = Steps.FirstOrDefault(s => (high - low) / s <= 5, Steps[^1]);
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        if (max <= min)
        {
            max = min + step;
        }

        var ticks = new List<double>();
        for (var tick = min; tick <= max + step / 2.0; tick += step)
        {
            ticks.Add(tick);
        }

        return new TimeScale(min, max, ticks, step);
    }

    /// <summary>The day the axis starts on, for its title.</summary>
    public string FirstDay => DateTimeOffset.FromUnixTimeMilliseconds((long)Min).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override string Label(double value)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)value).UtcDateTime;
        var format = _step switch
        {
            < Minute => "HH:mm:ss",
            < Day => "HH:mm",
            _ => "MM-dd",
        };
        return time.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }
}
