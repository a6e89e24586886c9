namespace SparkEtl.Aws.Kinesis;

/// <summary>
/// The outcome of one entry of <c>PutRecords</c>, in request order: a sequence number and shard on success, an error
/// code (<c>ProvisionedThroughputExceededException</c> or <c>InternalFailure</c>) and message otherwise.
/// </summary>
public sealed class PutRecordsResultEntry
{
    public string? SequenceNumber { get; init; }

    public string? ShardId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool Succeeded => ErrorCode is null;
}
