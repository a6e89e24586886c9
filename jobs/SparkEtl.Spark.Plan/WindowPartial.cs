using System.Globalization;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The aggregate of some trades of one ticker in one tumbling window: what Spark computes per batch with
/// <see cref="SparkJobSql.PartialColumns"/>, and what <see cref="SparkWindowState"/> keeps per open window.
/// Partials merge associatively and commutatively, so any grouping of the same trades merges to the same window.
/// </summary>
/// <param name="PriceSum">The exact sum of the prices (Spark sums them as <c>decimal(38,18)</c>), so the mean does not depend on grouping or order.</param>
/// <param name="SectorKey">The key of the latest trade that had a sector, or null when none had.</param>
/// <param name="MaxEventTimeMs">The latest event time among the trades.</param>
public sealed record WindowPartial(
    long WindowStartMs,
    string Symbol,
    long TradeCount,
    decimal PriceSum,
    double Low,
    double High,
    double Open,
    SparkOrderKey OpenKey,
    double Close,
    SparkOrderKey CloseKey,
    string? Sector,
    SparkOrderKey? SectorKey,
    long MaxEventTimeMs)
{
    /// <summary>The partial of one trade.</summary>
    public static WindowPartial Of(long windowStartMs, string symbol, string? sector, double price, SparkOrderKey key) =>
        new(windowStartMs, symbol, 1, ToDecimal(price), price, price, price, key, price, key, sector, sector is null ? null : key, key.EventTimeMs);

    /// <summary>Merges two partials of the same window and ticker.</summary>
    /// <exception cref="ArgumentException">They are of different windows or tickers.</exception>
    public WindowPartial Merge(WindowPartial other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.WindowStartMs != WindowStartMs || !string.Equals(other.Symbol, Symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot merge window {other.WindowStartMs} {other.Symbol} into {WindowStartMs} {Symbol}.", nameof(other));
        }

        var open = other.OpenKey < OpenKey ? other : this;
        var close = other.CloseKey > CloseKey ? other : this;
        var sector = other.SectorKey is { } theirs && (SectorKey is not { } ours || theirs > ours) ? other : this;
        return new WindowPartial(
            WindowStartMs,
            Symbol,
            TradeCount + other.TradeCount,
            PriceSum + other.PriceSum,
            Math.Min(Low, other.Low),
            Math.Max(High, other.High),
            open.Open,
            open.OpenKey,
            close.Close,
            close.CloseKey,
            sector.Sector,
            sector.SectorKey,
            Math.Max(MaxEventTimeMs, other.MaxEventTimeMs));
    }

    /// <summary>The mean price: the exact sum over the count, rounded once to a double.</summary>
    public double AveragePrice => (double)(PriceSum / TradeCount);

    /// <summary>
    /// A double as Spark casts it to <c>decimal(38,18)</c>: its shortest round-trip decimal text (Java's
    /// <c>BigDecimal.valueOf</c>), rounded to .NET decimal's 28-29 significant digits.
    /// </summary>
    public static decimal ToDecimal(double price) =>
        decimal.Parse(price.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
