using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Decoding;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The entry point of the Spark job's decode UDF: one connector row (data, partition key, sequence number,
/// arrival time) in, its transform results out as <see cref="DecodedRecordSchema"/> rows, in source order.
/// A trade behind the batch's watermark comes out twice: as a trade row marked <c>late</c> (it stays in <c>trades</c>;
/// the bars leave it out) and as its <c>late-record</c> error (<see cref="LateTradeErrors"/>), as on the embedded engine.
/// </summary>
/// <remarks>
/// <para>
/// The connector (1.4.x) de-aggregates KPL records itself and its row carries neither the shard id nor the
/// KPL sub-sequence number, so positions read <see cref="UnknownShardId"/> and no sub-sequence; a KPL aggregate
/// that reaches the decoder (one the connector could not de-aggregate) still fails as <c>aggregate-invalid</c>.
/// </para>
/// <para>
/// Thread-safe: each thread (each Spark task in the .NET worker) gets its own <see cref="RecordDecoder"/>.
/// Never throws for bad data: every input yields at least one row.
/// </para>
/// </remarks>
public static class SparkRecordDecoder
{
    /// <summary>The shard id written for records read through the Spark connector, whose rows do not carry it.</summary>
    public const string UnknownShardId = "unknown";

    [ThreadStatic]
    private static RecordDecoder? t_decoder;

    [ThreadStatic]
    private static RowSink? t_sink;

    /// <summary>Decodes one connector row.</summary>
    /// <param name="data">The record's data (the connector's binary <c>data</c> column); null is read as empty.</param>
    /// <param name="partitionKey">The record's partition key.</param>
    /// <param name="sequenceNumber">The record's sequence number.</param>
    /// <param name="arrivalMs">The approximate arrival time, epoch ms UTC.</param>
    /// <param name="watermarkMs">The watermark in force for the batch, epoch ms; <see cref="long.MinValue"/> before any event was seen.</param>
    /// <param name="maxDecompressedBytes">The <c>decode.maxDecompressedBytes</c> setting.</param>
    /// <param name="maxFutureSkewMs">The <c>event.maxFutureSkew</c> setting, in milliseconds: the decoder's event-time bound.</param>
    /// <param name="windowSizeMs">The <c>window.size</c> setting, in milliseconds: names the window a late trade missed.</param>
    public static object?[][] Decode(
        byte[]? data, string? partitionKey, string? sequenceNumber, long arrivalMs, long watermarkMs, int maxDecompressedBytes, long maxFutureSkewMs, long windowSizeMs)
    {
        var decoder = t_decoder;
        if (decoder is null || decoder.Options.MaxDecompressedBytes != maxDecompressedBytes || decoder.Options.MaxFutureSkewMs != maxFutureSkewMs)
        {
            decoder = t_decoder = new RecordDecoder(new DecoderOptions { MaxDecompressedBytes = maxDecompressedBytes, MaxFutureSkewMs = maxFutureSkewMs });
        }

        var sink = t_sink ??= new RowSink();
        sink.Start(watermarkMs, windowSizeMs);
        var record = new KinesisRecord(UnknownShardId, sequenceNumber ?? "", partitionKey ?? "", arrivalMs, data ?? []);
        sink.Position = record.Position;
        decoder.Decode(record, sink);
        return sink.Finish();
    }

    /// <summary>Collects one record's results as rows; reused per thread.</summary>
    private sealed class RowSink : ITransformSink
    {
        private readonly List<object?[]> _rows = [];
        private long _watermarkMs;
        private long _windowSizeMs;

        public SourcePosition Position { get; set; }

        public void Start(long watermarkMs, long windowSizeMs)
        {
            _rows.Clear();
            _watermarkMs = watermarkMs;
            _windowSizeMs = windowSizeMs;
        }

        public object?[][] Finish()
        {
            var rows = _rows.ToArray();
            _rows.Clear();
            return rows;
        }

        public void Accept(in Trade trade)
        {
            var late = LateTradeErrors.IsLate(trade.EventTimeMs, _watermarkMs);
            _rows.Add(DecodedRecordSchema.TradeRow(trade, late));
            if (late)
            {
                var windowStart = trade.EventTimeMs - (((trade.EventTimeMs % _windowSizeMs) + _windowSizeMs) % _windowSizeMs);
                _rows.Add(DecodedRecordSchema.ErrorRow(LateTradeErrors.Create(trade, windowStart, _windowSizeMs, _watermarkMs)));
            }
        }

        // A drop carries no position of its own: the record's is kept for counting.
        public void Drop(DropReason reason) => _rows.Add(DecodedRecordSchema.DropRow(reason, Position));

        public void Fail(ErrorRecord error) => _rows.Add(DecodedRecordSchema.ErrorRow(error));
    }
}
