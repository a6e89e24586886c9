namespace SparkEtl.Core.Records;

/// <summary>
/// One record as Kinesis Data Streams delivers it (GetRecords, or the Spark connector's row):
/// raw data bytes (base64 is only the API's wire encoding), partition key, sequence number,
/// approximate arrival time and the shard it was read from.
/// </summary>
public sealed class KinesisRecord
{
    public KinesisRecord(string shardId, string sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
    {
        ShardId = shardId;
        SequenceNumber = sequenceNumber;
        PartitionKey = partitionKey;
        ApproximateArrivalMs = approximateArrivalMs;
        Data = data;
    }

    /// <summary>The shard the record was read from, e.g. <c>shardId-000000000001</c>.</summary>
    public string ShardId { get; }

    /// <summary>The sequence number, a decimal string of up to 128 digits, increasing within a shard.</summary>
    public string SequenceNumber { get; }

    public string PartitionKey { get; }

    /// <summary>When Kinesis accepted the record, in milliseconds since the Unix epoch (UTC).</summary>
    public long ApproximateArrivalMs { get; }

    /// <summary>The record's data: gzip CloudWatch Logs envelope, KPL aggregate or plain JSON.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>
    /// Null for a record a source read as a record. Otherwise what is wrong with the input this stands for: a line of
    /// a capture file meant as a Kinesis record that is not a valid one (bad base64, no <c>Data</c>, an arrival time
    /// out of range, a line too long, …), naming the line. <see cref="Data"/> then holds the line (or a bounded prefix
    /// of it), the arrival time is the source's fallback, and the decoder turns the record into one
    /// <c>capture-line-invalid</c> error instead of decoding it.
    /// </summary>
    public string? CaptureProblem { get; init; }

    /// <summary>The position of the record itself (no sub-record, no log event).</summary>
    public SourcePosition Position => new(ShardId, SequenceNumber, SourcePosition.None, SourcePosition.None);
}
