namespace SparkEtl.Aws.Kinesis;

/// <summary>
/// What <c>PutRecords</c> answered. A call can succeed while some entries fail (throttled shards): those have an
/// <see cref="PutRecordsResultEntry.ErrorCode"/> and must be put again by the caller.
/// </summary>
public sealed class PutRecordsResult
{
    public PutRecordsResult(int failedRecordCount, IReadOnlyList<PutRecordsResultEntry> records)
    {
        FailedRecordCount = failedRecordCount;
        Records = records;
    }

    public int FailedRecordCount { get; }

    /// <summary>One entry per request entry, in the same order.</summary>
    public IReadOnlyList<PutRecordsResultEntry> Records { get; }
}
