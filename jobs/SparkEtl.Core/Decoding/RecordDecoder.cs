using SparkEtl.Core.Decoding.Internal;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;
using SparkEtl.Core.Transform.Internal;

namespace SparkEtl.Core.Decoding;

/// <summary>
/// Decodes Kinesis records into transform results: every record yields one or more calls on the
/// sink (Accept, Drop or Fail), in source order, and never an exception, whatever its bytes.
/// </summary>
/// <remarks>
/// <para>The data's leading bytes choose the decoder:</para>
/// <list type="bullet">
/// <item><c>1f 8b</c>: gzip, a CloudWatch Logs subscription envelope. Inflated into pooled memory up
/// to <see cref="DecoderOptions.MaxDecompressedBytes"/> (<c>record-too-large</c> past it,
/// <c>decompression-failed</c> when it does not inflate, <c>envelope-invalid</c> when it inflates to
/// something else). A DATA_MESSAGE yields one result per log event, with
/// <see cref="SourcePosition.EventIndex"/> = the event's index; a CONTROL_MESSAGE yields one
/// <see cref="DropReason.ControlMessage"/>. Each message is a log line holding the ticker JSON (whole,
/// or after a Lambda logging prefix); Lambda platform lines yield
/// <see cref="DropReason.PlatformLogLine"/>, other lines without a ticker object <c>parse-failed</c>.</item>
/// <item><c>f3 89 9a c2</c>: a KPL aggregate. Checked whole first (protobuf, MD5, key indexes;
/// <c>aggregate-invalid</c> otherwise), then each sub-record is decoded by these same rules with
/// <see cref="SourcePosition.SubSequence"/> = its index; a sub-record that is itself an aggregate is
/// <c>aggregate-invalid</c>.</item>
/// <item>Anything else: one ticker JSON object (<c>parse-failed</c> when it is not one).</item>
/// </list>
/// <para>
/// Before the data is looked at: a record that carries a <see cref="KinesisRecord.CaptureProblem"/> (a capture-file
/// line that was meant as a Kinesis record and is not a valid one) yields one <c>capture-line-invalid</c> error whose
/// raw data is the line; a record whose arrival time is outside 1970-9999 yields one <c>event-time-out-of-range</c>
/// error dated 1970-01-01T00:00:00Z (no event time can be bounded by such an arrival, and no row can be partitioned
/// by it). Every ticker record's event time is bounded by <see cref="DecoderOptions.MaxFutureSkewMs"/> in the
/// transform (<see cref="TickerTransform"/>): one implementation for both engines.
/// </para>
/// <para>
/// Failures carry their own copy of the bytes that failed: the record's (or sub-record's) data for
/// gzip, envelope and aggregate failures, the log message for a log event's parse or validation
/// failure, the data for a plain record's.
/// </para>
/// <para>
/// Not thread-safe: one decoder per thread (per Spark partition task, per runner worker). It holds
/// intern pools and reusable buffers; concurrent calls throw <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
public sealed class RecordDecoder
{
    private readonly int _maxDecompressedBytes;
    private readonly TickerTransform _transform;
    private readonly CloudWatchEnvelopeDecoder _envelopes;
    private int _busy;

    /// <exception cref="ConfigurationException">An option is out of range.</exception>
    public RecordDecoder(DecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDecompressedBytes < 1 || options.MaxDecompressedBytes > Array.MaxLength - 1)
        {
            throw new ConfigurationException(
                "DecoderOptions.MaxDecompressedBytes",
                options.MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"a whole number of bytes from 1 to {Array.MaxLength - 1}");
        }

        if (options.MaxInternedValues < 0)
        {
            throw new ConfigurationException(
                "DecoderOptions.MaxInternedValues",
                options.MaxInternedValues.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "0 or more");
        }

        if (options.MaxFutureSkewMs < 0)
        {
            throw new ConfigurationException(
                "DecoderOptions.MaxFutureSkewMs",
                options.MaxFutureSkewMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "0 or more milliseconds");
        }

        Options = options;
        _maxDecompressedBytes = options.MaxDecompressedBytes;
        _transform = new TickerTransform(options.MaxInternedValues, options.MaxFutureSkewMs);
        _envelopes = new CloudWatchEnvelopeDecoder(new LogMessageDecoder(_transform), options.MaxInternedValues);
    }

    public DecoderOptions Options { get; }

    /// <summary>Decodes <paramref name="record"/>, calling <paramref name="sink"/> once per result, in source order.</summary>
    public void Decode(KinesisRecord record, ITransformSink sink)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("RecordDecoder is not thread-safe: use one instance per thread.");
        }

        try
        {
            if (record.CaptureProblem is { } problem)
            {
                Fail(sink, ErrorType.CaptureLineInvalid, problem, record.Data.Span, record.Position, EventTimeBound.RowArrivalMs(record.ApproximateArrivalMs));
            }
            else if (!EventTimeBound.InRange(record.ApproximateArrivalMs))
            {
                sink.Fail(EventTimeBound.ArrivalOutOfRange(record.Position, record.ApproximateArrivalMs, Options.MaxFutureSkewMs, record.Data.Span));
            }
            else
            {
                DecodeData(record.Data, record.Position, record.ApproximateArrivalMs, insideAggregate: false, sink);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private void DecodeData(ReadOnlyMemory<byte> data, SourcePosition position, long arrivalMs, bool insideAggregate, ITransformSink sink)
    {
        var bytes = data.Span;
        if (bytes.StartsWith(GzipInflater.Magic))
        {
            DecodeGzip(data, position, arrivalMs, sink);
        }
        else if (bytes.StartsWith(KplAggregate.Magic))
        {
            if (insideAggregate)
            {
                Fail(sink, ErrorType.AggregateInvalid, "A KPL sub-record is itself a KPL aggregate; aggregates do not nest", bytes, position, arrivalMs);
            }
            else
            {
                DecodeAggregate(data, position, arrivalMs, sink);
            }
        }
        else
        {
            var source = new TickerSource(position, arrivalMs);
            if (_transform.TryTransform(bytes, source, sink, bytes) == TickerOutcome.NotAnObject)
            {
                sink.Fail(source.Error(ErrorType.ParseFailed, TickerTransform.NotAnObjectMessage(bytes), bytes));
            }
        }
    }

    private void DecodeGzip(ReadOnlyMemory<byte> data, SourcePosition position, long arrivalMs, ITransformSink sink)
    {
        var status = GzipInflater.Inflate(data, _maxDecompressedBytes, out var inflated);
        using (inflated)
        {
            switch (status)
            {
                case InflateStatus.Inflated:
                    _envelopes.Decode(inflated.Span, data.Span, position, arrivalMs, sink);
                    break;
                case InflateStatus.TooLarge:
                    Fail(sink, ErrorType.RecordTooLarge, $"Gzip data of {data.Length} bytes inflates past the limit of {_maxDecompressedBytes} bytes (DecoderOptions.MaxDecompressedBytes)", data.Span, position, arrivalMs);
                    break;
                case InflateStatus.Truncated:
                    Fail(sink, ErrorType.DecompressionFailed, $"Gzip data of {data.Length} bytes is truncated or followed by bytes that are not gzip: its last 8 bytes are not the trailer of what it inflates to", data.Span, position, arrivalMs);
                    break;
                default:
                    Fail(sink, ErrorType.DecompressionFailed, $"Data of {data.Length} bytes starts with the gzip magic 1f 8b but is not valid gzip", data.Span, position, arrivalMs);
                    break;
            }
        }
    }

    private void DecodeAggregate(ReadOnlyMemory<byte> data, SourcePosition position, long arrivalMs, ITransformSink sink)
    {
        var problem = KplAggregate.Validate(data.Span);
        if (problem is not null)
        {
            Fail(sink, ErrorType.AggregateInvalid, $"Data starts with the KPL magic f3 89 9a c2 but is not a valid KPL aggregate: {problem}", data.Span, position, arrivalMs);
            return;
        }

        var bodyOffset = KplAggregate.MagicLength;
        var body = KplAggregate.Body(data.Span);
        var reader = new ProtobufReader(body);
        var index = 0;
        while (KplAggregate.TryReadNextRecord(ref reader, body, out var offset, out var length))
        {
            DecodeData(data.Slice(bodyOffset + offset, length), position with { SubSequence = index }, arrivalMs, insideAggregate: true, sink);
            index++;
        }
    }

    private static void Fail(ITransformSink sink, ErrorType type, string message, ReadOnlySpan<byte> rawData, SourcePosition position, long arrivalMs) =>
        sink.Fail(new TickerSource(position, arrivalMs).Error(type, message, rawData));
}
