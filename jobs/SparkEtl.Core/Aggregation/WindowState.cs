using SparkEtl.Core.Records;

namespace SparkEtl.Core.Aggregation;

/// <summary>
/// The running aggregate of one open window of one ticker. Mutable and owned by
/// <see cref="OhlcWindowAggregator"/>; also the unit of checkpointed window state.
/// </summary>
public sealed class WindowState
{
    public required long WindowStartMs { get; init; }

    public required string Symbol { get; init; }

    public string? Sector { get; set; }

    /// <summary>Event time and position of the trade <see cref="Sector"/> came from.</summary>
    public long SectorTimeMs { get; set; }

    public SourcePosition SectorPosition { get; set; }

    public double Open { get; set; }

    public long OpenTimeMs { get; set; }

    public SourcePosition OpenPosition { get; set; }

    public double Close { get; set; }

    public long CloseTimeMs { get; set; }

    public SourcePosition ClosePosition { get; set; }

    public double High { get; set; }

    public double Low { get; set; }

    public long Count { get; set; }

    /// <summary>Sum of prices with its Neumaier compensation term, so the average does not drift with order.</summary>
    public double Sum { get; set; }

    public double SumCompensation { get; set; }

    /// <summary>A copy that later aggregation does not change (a snapshot written while the next batch aggregates).</summary>
    public WindowState Copy() => (WindowState)MemberwiseClone();
}
