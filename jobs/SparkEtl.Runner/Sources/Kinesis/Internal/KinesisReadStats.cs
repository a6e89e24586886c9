namespace SparkEtl.Runner.Sources.Kinesis.Internal;

/// <summary>Counts what happened while reading, for the progress record; shared by the shard readers of one batch.</summary>
internal sealed class KinesisReadStats
{
    private long _throttled;
    private long _expiredIterators;
    private long _getRecordsCalls;

    /// <summary>Calls Kinesis answered with throttling (<c>ProvisionedThroughputExceededException</c>, <c>LimitExceededException</c>).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Shard iterators that expired and were acquired again from the last record read.</summary>
    public long ExpiredIterators => Interlocked.Read(ref _expiredIterators);

    /// <summary>GetRecords calls that got an answer.</summary>
    public long GetRecordsCalls => Interlocked.Read(ref _getRecordsCalls);

    public void AddThrottled() => Interlocked.Increment(ref _throttled);

    public void AddExpiredIterator() => Interlocked.Increment(ref _expiredIterators);

    public void AddGetRecordsCall() => Interlocked.Increment(ref _getRecordsCalls);

    public void Reset()
    {
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _expiredIterators, 0);
        Interlocked.Exchange(ref _getRecordsCalls, 0);
    }
}
