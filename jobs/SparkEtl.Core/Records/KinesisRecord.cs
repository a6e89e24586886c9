namespace SparkEtl.Core.Records;

/// <summary>
/// One record as Kinesis Data Streams delivers it (GetRecords, or the Spark connector's row):
/// raw data bytes (base64 is only the API's wire encoding), partition key, sequence number,
/// approximate arrival time and the shard it was read from.
/// </summary>
public sealed class KinesisRecord
{
    // Where the record is: its shard and sequence number (no sub-record, no log event). Set anew only by Reuse.
    private SourcePosition _position;
    private string? _captureProblem;

    public KinesisRecord(string shardId, string sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
        : this(new SourcePosition(shardId, sequenceNumber, SourcePosition.None, SourcePosition.None), partitionKey, approximateArrivalMs, data)
    {
    }

    /// <summary>
    /// A record whose sequence number is a number the source gives it (a file's line number, 0 or more), held as a
    /// number so that no string is made for it until one is asked for.
    /// </summary>
    public KinesisRecord(string shardId, long sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
        : this(new SourcePosition(shardId, sequenceNumber, SourcePosition.None, SourcePosition.None), partitionKey, approximateArrivalMs, data)
    {
    }

    private KinesisRecord(SourcePosition position, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
    {
        _position = position;
        PartitionKey = partitionKey;
        ApproximateArrivalMs = approximateArrivalMs;
        Data = data;
    }

    /// <summary>The shard the record was read from, e.g. <c>shardId-000000000001</c>.</summary>
    public string ShardId => _position.ShardId;

    /// <summary>The sequence number, a decimal string of up to 128 digits, increasing within a shard.</summary>
    public string SequenceNumber => _position.SequenceNumber;

    public string PartitionKey { get; private set; }

    /// <summary>When Kinesis accepted the record, in milliseconds since the Unix epoch (UTC).</summary>
    public long ApproximateArrivalMs { get; private set; }

    /// <summary>The record's data: gzip CloudWatch Logs envelope, KPL aggregate or plain JSON.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>
    /// How many bytes the data stands for once inflated: what the per-shard batch byte limits count, so a batch of
    /// CloudWatch Logs envelopes (gzip JSON, about ten times larger inflated) holds about as much JSON as a batch of
    /// plain records. For gzip data (magic <c>1f 8b</c>) it is the uncompressed size the gzip trailer states (ISIZE, RFC
    /// 1952 section 2.3.1: the last member's size modulo 2^32) when that is larger than the data; otherwise the data's
    /// length. Read from the input and not trusted further: the decoder still bounds what it inflates.
    /// </summary>
    public long DecodedLength
    {
        get
        {
            var data = Data.Span;

            // A gzip member is at least 18 bytes: a 10-byte header and an 8-byte trailer (CRC-32, ISIZE).
            if (data.Length < 18 || data[0] != 0x1f || data[1] != 0x8b)
            {
                return data.Length;
            }

            var inflated = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
            return Math.Max(inflated, data.Length);
        }
    }

    /// <summary>
    /// Null for a record a source read as a record. Otherwise what is wrong with the input this stands for: a line of
    /// a capture file meant as a Kinesis record that is not a valid one (bad base64, no <c>Data</c>, an arrival time
    /// out of range, a line too long, …), naming the line. <see cref="Data"/> then holds the line (or a bounded prefix
    /// of it), the arrival time is the source's fallback, and the decoder turns the record into one
    /// <c>capture-line-invalid</c> error instead of decoding it.
    /// </summary>
    public string? CaptureProblem { get => _captureProblem; init => _captureProblem = value; }

    /// <summary>This record with its data held in <paramref name="data"/> (the same bytes, somewhere else).</summary>
    public KinesisRecord WithData(ReadOnlyMemory<byte> data) =>
        new(_position, PartitionKey, ApproximateArrivalMs, data) { CaptureProblem = CaptureProblem };

    /// <summary>The position of the record itself (no sub-record, no log event).</summary>
    public SourcePosition Position => _position;

    /// <summary>
    /// Makes this object stand for another record, every member set anew (no capture problem). Only for a source that
    /// made the object and has it back from a batch nothing reads any more, as it reuses that batch's data memory: a
    /// backfill then makes no object per line.
    /// </summary>
    internal void Reuse(string shardId, long sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data) =>
        Reuse(new SourcePosition(shardId, sequenceNumber, SourcePosition.None, SourcePosition.None), partitionKey, approximateArrivalMs, data);

    /// <inheritdoc cref="Reuse(string, long, string, long, ReadOnlyMemory{byte})"/>
    internal void Reuse(string shardId, string sequenceNumber, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data) =>
        Reuse(new SourcePosition(shardId, sequenceNumber, SourcePosition.None, SourcePosition.None), partitionKey, approximateArrivalMs, data);

    /// <summary>Lets go of the data, so that a record kept for reuse does not keep its data alive.</summary>
    internal void ForgetData() => Data = ReadOnlyMemory<byte>.Empty;

    private void Reuse(SourcePosition position, string partitionKey, long approximateArrivalMs, ReadOnlyMemory<byte> data)
    {
        _position = position;
        _captureProblem = null;
        PartitionKey = partitionKey;
        ApproximateArrivalMs = approximateArrivalMs;
        Data = data;
    }
}
