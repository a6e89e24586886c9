using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Core.Tests.Aggregation;

internal static class TradeFactory
{
    public static Trade Trade(string symbol, double price, long eventTimeMs, long sequence, string? sector = "TECHNOLOGY") =>
        new(symbol, sector, price, eventTimeMs, new SourcePosition("shardId-000000000000", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), SourcePosition.None, SourcePosition.None), null, null, eventTimeMs);
}
