namespace SparkEtl.Spark.Plan;

/// <summary>
/// Where a trade stands in source order on the Spark path, as the job's <c>order_key</c> struct carries it:
/// event time first, then the Kinesis sequence number, then (batch id, read order) for the user records the
/// connector de-aggregated from one KPL record (they share a sequence number and arrive in sub-sequence order),
/// then the log event's index. Opens and closes are decided by the smallest and largest key.
/// </summary>
/// <remarks>
/// Compares exactly as Spark orders the struct <c>(event_time, length(sequence_number), sequence_number, batch_id,
/// read_order, event_index)</c>: field by field, strings by their bytes. For Kinesis sequence numbers (decimal digits
/// without leading zeros) (length, text) is the numeric order <see cref="Records.SourcePosition"/> uses. The shard
/// is not part of the key: the connector's rows do not carry it.
/// </remarks>
/// <param name="EventTimeMs">Event time, epoch ms UTC.</param>
/// <param name="SequenceNumber">Kinesis sequence number.</param>
/// <param name="BatchId">The micro-batch the record was read in.</param>
/// <param name="ReadOrder">The record's read order within the batch (<c>monotonically_increasing_id()</c> taken at the scan).</param>
/// <param name="EventIndex">The log event's index in a CloudWatch envelope, or -1.</param>
public readonly record struct SparkOrderKey(long EventTimeMs, string SequenceNumber, long BatchId, long ReadOrder, int EventIndex)
    : IComparable<SparkOrderKey>
{
    public int CompareTo(SparkOrderKey other)
    {
        var c = EventTimeMs.CompareTo(other.EventTimeMs);
        if (c == 0)
        {
            c = SequenceNumber.Length.CompareTo(other.SequenceNumber.Length);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(SequenceNumber, other.SequenceNumber);
        }

        if (c == 0)
        {
            c = BatchId.CompareTo(other.BatchId);
        }

        if (c == 0)
        {
            c = ReadOrder.CompareTo(other.ReadOrder);
        }

        return c != 0 ? c : EventIndex.CompareTo(other.EventIndex);
    }

    public static bool operator <(SparkOrderKey left, SparkOrderKey right) => left.CompareTo(right) < 0;

    public static bool operator >(SparkOrderKey left, SparkOrderKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(SparkOrderKey left, SparkOrderKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SparkOrderKey left, SparkOrderKey right) => left.CompareTo(right) >= 0;
}
