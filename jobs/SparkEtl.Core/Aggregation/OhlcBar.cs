namespace SparkEtl.Core.Aggregation;

/// <summary>
/// One closed tumbling window of one ticker: a row of the <c>ohlc_*</c> table.
/// Times are epoch milliseconds UTC; the window is [<see cref="WindowStartMs"/>, <see cref="WindowEndMs"/>).
/// </summary>
/// <param name="Sector">The sector of the latest trade in the window that had one, or null.</param>
/// <param name="Open">Price of the earliest trade by event time (ties: earliest source position).</param>
/// <param name="Close">Price of the latest trade by event time (ties: latest source position).</param>
public sealed record OhlcBar(
    long WindowStartMs,
    long WindowEndMs,
    string Symbol,
    string? Sector,
    double Open,
    double High,
    double Low,
    double Close,
    long TradeCount,
    double AveragePrice);
