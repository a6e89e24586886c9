using SparkEtl.Status.Internal;

namespace SparkEtl.Status.Tests;

public sealed class ChartScaleTests
{
    [Fact]
    public void A_count_axis_runs_from_zero_to_a_round_number_above_the_largest_value()
    {
        var scale = ValueScale.ForNumbers(1234);

        Assert.Equal([0, 250, 500, 750, 1000, 1250], scale.Ticks);
        Assert.Equal(["0", "250", "500", "750", "1k", "1.25k"], scale.Ticks.Select(scale.Label));
    }

    [Fact]
    public void A_duration_axis_steps_in_units_people_count_in()
    {
        var scale = ValueScale.ForMilliseconds(90_000);

        Assert.Equal(["0 ms", "30 s", "1 min", "1.5 min"], scale.Ticks.Select(scale.Label));
    }

    [Fact]
    public void An_axis_of_nothing_still_has_a_unit_range()
    {
        var scale = ValueScale.ForNumbers(0);

        Assert.Equal(0, scale.Min);
        Assert.True(scale.Max > 0);
        Assert.Equal(0, scale.Fraction(0));
    }

    [Fact]
    public void An_event_time_axis_ticks_at_round_clock_times_around_the_values()
    {
        var start = SyntheticProgress.Start;
        var scale = TimeScale.Over([start.AddSeconds(5).ToUnixTimeMilliseconds(), start.AddSeconds(707).ToUnixTimeMilliseconds(), double.PositiveInfinity])!;

        Assert.Equal(["14:30", "14:35", "14:40", "14:45"], scale.Ticks.Select(scale.Label));
        Assert.Equal("2024-03-15", scale.FirstDay);
    }

    [Fact]
    public void An_event_time_axis_over_no_finite_time_is_none()
    {
        Assert.Null(TimeScale.Over([double.PositiveInfinity, double.NegativeInfinity]));
    }

    [Theory]
    [InlineData(0, 9, new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(0, 23, new long[] { 0, 5, 10, 15, 20 })]
    [InlineData(7, 130, new long[] { 20, 40, 60, 80, 100, 120 })]
    public void The_batch_axis_labels_at_most_ten_round_batch_ids(long first, long last, long[] ticks)
    {
        var axis = BatchAxis.Of([BatchPoint.Of(SyntheticProgress.Batch(first)), BatchPoint.Of(SyntheticProgress.Batch(last))]);

        Assert.Equal(ticks, axis.Ticks);
        Assert.Equal(last - first + 1, axis.Bands);
    }

    [Theory]
    [InlineData(0.25, "0.25")]
    [InlineData(12.5, "12.5")]
    [InlineData(1234, "1.23k")]
    [InlineData(3_400_000, "3.4M")]
    public void Numbers_are_written_in_three_significant_digits(double value, string written)
    {
        Assert.Equal(written, ValueFormat.Compact(value));
    }

    [Theory]
    [InlineData(350, "350 ms")]
    [InlineData(1500, "1.5 s")]
    [InlineData(150_000, "2.5 min")]
    [InlineData(4_320_000, "1.2 h")]
    public void Durations_are_written_in_the_largest_readable_unit(double ms, string written)
    {
        Assert.Equal(written, ValueFormat.Duration(ms));
    }

    [Fact]
    public void Times_past_either_end_are_written_as_infinities()
    {
        Assert.Equal("+∞", ValueFormat.Time(double.PositiveInfinity));
        Assert.Equal("−∞", ValueFormat.Time(double.NegativeInfinity));
        Assert.Equal("2024-03-15 14:30:00", ValueFormat.Time(SyntheticProgress.Start.ToUnixTimeMilliseconds()));
    }
}
