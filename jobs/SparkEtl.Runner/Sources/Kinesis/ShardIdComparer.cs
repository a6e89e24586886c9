using SparkEtl.Core.Records;

namespace SparkEtl.Runner.Sources.Kinesis;

/// <summary>
/// Orders shard ids the way Kinesis numbers shards: by the number at the end (<c>shardId-000000000007</c>), then
/// ordinally. Kinesis numbers shards in the order it creates them and creates a child only when its parents close,
/// so this order puts every parent before its children. Batches list their records shard by shard in this order,
/// which makes a batch read again come out in the same order.
/// </summary>
public sealed class ShardIdComparer : IComparer<string>
{
    public static ShardIdComparer Instance { get; } = new();

    private ShardIdComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xDigits = DigitsAtEnd(x);
        var yDigits = DigitsAtEnd(y);
        if (xDigits > 0 && yDigits > 0 && x.AsSpan(0, x.Length - xDigits).SequenceEqual(y.AsSpan(0, y.Length - yDigits)))
        {
            var byNumber = SourcePosition.CompareDecimal(x[^xDigits..], y[^yDigits..]);
            if (byNumber != 0)
            {
                return byNumber;
            }
        }

        return string.CompareOrdinal(x, y);
    }

    private static int DigitsAtEnd(string id)
    {
        var digits = 0;
        while (digits < id.Length && char.IsAsciiDigit(id[id.Length - 1 - digits]))
        {
            digits++;
        }

        return digits;
    }
}
