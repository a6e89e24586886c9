namespace SparkEtl.Core.Records;

/// <summary>
/// Where a value came from: shard, sequence number, KPL sub-sequence number (or <see cref="None"/>)
/// and the index of the log event within a CloudWatch envelope (or <see cref="None"/>).
/// Positions are totally ordered; the order breaks event-time ties (open and close of a bar).
/// </summary>
public readonly record struct SourcePosition(string ShardId, string SequenceNumber, long SubSequence, int EventIndex)
    : IComparable<SourcePosition>
{
    /// <summary>Marks an absent sub-sequence number or event index.</summary>
    public const int None = -1;

    /// <summary>
    /// Orders by shard id (ordinal), then sequence number as an unsigned decimal integer,
    /// then sub-sequence, then event index.
    /// </summary>
    public int CompareTo(SourcePosition other)
    {
        var byShard = string.CompareOrdinal(ShardId, other.ShardId);
        if (byShard != 0)
        {
            return byShard;
        }

        var bySequence = CompareDecimal(SequenceNumber, other.SequenceNumber);
        if (bySequence != 0)
        {
            return bySequence;
        }

        var bySub = SubSequence.CompareTo(other.SubSequence);
        return bySub != 0 ? bySub : EventIndex.CompareTo(other.EventIndex);
    }

    /// <summary>Compares two unsigned decimal strings by value without parsing them.</summary>
    public static int CompareDecimal(string left, string right)
    {
        var a = left.AsSpan().TrimStart('0');
        var b = right.AsSpan().TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }

    /// <summary>A readable form for error messages: <c>shard shardId-000000000001, sequence 4960…, sub-sequence 2</c>.</summary>
    public override string ToString()
    {
        var text = $"shard {ShardId}, sequence {SequenceNumber}";
        if (SubSequence != None)
        {
            text += $", sub-sequence {SubSequence}";
        }

        if (EventIndex != None)
        {
            text += $", log event #{EventIndex}";
        }

        return text;
    }

    public static bool operator <(SourcePosition left, SourcePosition right) => left.CompareTo(right) < 0;

    public static bool operator >(SourcePosition left, SourcePosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(SourcePosition left, SourcePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SourcePosition left, SourcePosition right) => left.CompareTo(right) >= 0;
}
