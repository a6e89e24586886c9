using Apache.Arrow;
using Apache.Arrow.Types;
using SparkEtl.Core.Records;
using SparkEtl.Core.Transform;

namespace SparkEtl.Spark.Plan.Internal;

/// <summary>
/// A record batch of <see cref="TableRows"/> as the grouped-map function receives it, read by position with the
/// column types checked once: its groups (normally one), and their rows as trades or errors in source order.
/// </summary>
internal sealed class TableRowBatch
{
    private readonly StringArray _table;
    private readonly Int64Array _day;
    private readonly Int32Array _bucket;
    private readonly StringArray _symbol;
    private readonly StringArray _sector;
    private readonly DoubleArray _price;
    private readonly Int64Array _eventTime;
    private readonly StringArray _shardId;
    private readonly StringArray _sequenceNumber;
    private readonly Int64Array _subSequence;
    private readonly StringArray _logGroup;
    private readonly StringArray _logEventId;
    private readonly StringArray _errorType;
    private readonly StringArray _message;
    private readonly StringArray _rawData;
    private readonly Int64Array _arrivalTime;
    private readonly Int32Array _eventIndex;
    private readonly Int64Array _readOrder;

    public TableRowBatch(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.ColumnCount != TableRows.Columns.Count)
        {
            throw new ArgumentException(
                $"The grouped-map function expects the {TableRows.Columns.Count} columns of TableRows ({string.Join(", ", TableRows.Columns.Select(c => c.Name))}); got {batch.ColumnCount}.",
                nameof(batch));
        }

        for (var i = 0; i < batch.ColumnCount; i++)
        {
            var (name, sparkType) = TableRows.Columns[i];
            var expected = ArrowTypeOf(sparkType);
            var actual = batch.Schema.GetFieldByIndex(i).DataType.TypeId;
            if (actual != expected)
            {
                throw new ArgumentException($"Column {i} ({name}) of the grouped-map input should be Arrow {expected} (Spark {sparkType}); got {actual}.", nameof(batch));
            }
        }

        Length = batch.Length;
        _table = Column<StringArray>(batch, TableRows.TableColumn);
        _day = Column<Int64Array>(batch, TableRows.DayColumn);
        _bucket = Column<Int32Array>(batch, TableRows.BucketColumn);
        _symbol = Column<StringArray>(batch, "ticker_symbol");
        _sector = Column<StringArray>(batch, "sector");
        _price = Column<DoubleArray>(batch, "price");
        _eventTime = Column<Int64Array>(batch, "event_time");
        _shardId = Column<StringArray>(batch, "shard_id");
        _sequenceNumber = Column<StringArray>(batch, "sequence_number");
        _subSequence = Column<Int64Array>(batch, "sub_sequence");
        _logGroup = Column<StringArray>(batch, "log_group");
        _logEventId = Column<StringArray>(batch, "log_event_id");
        _errorType = Column<StringArray>(batch, "error_type");
        _message = Column<StringArray>(batch, "message");
        _rawData = Column<StringArray>(batch, "raw_data");
        _arrivalTime = Column<Int64Array>(batch, "arrival_time");
        _eventIndex = Column<Int32Array>(batch, "event_index");
        _readOrder = Column<Int64Array>(batch, SparkJobSql.ReadOrderColumn);
    }

    public int Length { get; }

    /// <summary>The (table, day, bucket) groups in the batch, in that order, each with its rows' indexes.</summary>
    public IReadOnlyList<(string Table, long Day, int Bucket, List<int> Rows)> Groups()
    {
        var groups = new SortedDictionary<(string Table, long Day, int Bucket), List<int>>();
        for (var i = 0; i < Length; i++)
        {
            var key = (Required(_table, i, TableRows.TableColumn), _day.GetValue(i) ?? Missing<long>(TableRows.DayColumn, i), _bucket.GetValue(i) ?? Missing<int>(TableRows.BucketColumn, i));
            if (!groups.TryGetValue(key, out var rows))
            {
                rows = [];
                groups.Add(key, rows);
            }

            rows.Add(i);
        }

        return [.. groups.Select(g => (g.Key.Table, g.Key.Day, g.Key.Bucket, g.Value))];
    }

    /// <summary>The rows as trades, in source order.</summary>
    public IReadOnlyList<Trade> Trades(List<int> rows) => [.. InSourceOrder(rows).Select(i => new Trade(
        Required(_symbol, i, "ticker_symbol"),
        _sector.GetString(i),
        _price.GetValue(i) ?? Missing<double>("price", i),
        _eventTime.GetValue(i) ?? Missing<long>("event_time", i),
        PositionOf(i),
        _logGroup.GetString(i),
        _logEventId.GetString(i),
        _arrivalTime.GetValue(i) ?? Missing<long>("arrival_time", i)))];

    /// <summary>The rows as errors, in source order.</summary>
    public IReadOnlyList<ErrorRecord> Errors(List<int> rows) => [.. InSourceOrder(rows).Select(i => new ErrorRecord(
        ErrorTypeOf(Required(_errorType, i, "error_type")),
        Required(_message, i, "message"),
        Convert.FromBase64String(Required(_rawData, i, "raw_data")),
        PositionOf(i),
        _logEventId.GetString(i),
        _arrivalTime.GetValue(i) ?? Missing<long>("arrival_time", i)))];

    // The table's order within a file: shard, sequence number (as a number), read order (the connector's de-aggregated
    // KPL user records share a sequence number), sub-sequence, log event; the row's place in the batch breaks any tie.
    private IEnumerable<int> InSourceOrder(List<int> rows) => rows
        .OrderBy(i => _shardId.GetString(i), StringComparer.Ordinal)
        .ThenBy(i => _sequenceNumber.GetString(i), SequenceNumberComparer.Instance)
        .ThenBy(i => _readOrder.GetValue(i) ?? -1)
        .ThenBy(i => _subSequence.GetValue(i) ?? SourcePosition.None)
        .ThenBy(i => _eventIndex.GetValue(i) ?? SourcePosition.None)
        .ThenBy(i => i);

    private SourcePosition PositionOf(int i) => new(
        Required(_shardId, i, "shard_id"),
        Required(_sequenceNumber, i, "sequence_number"),
        _subSequence.GetValue(i) ?? SourcePosition.None,
        _eventIndex.GetValue(i) ?? SourcePosition.None);

    private static ErrorType ErrorTypeOf(string code)
    {
        foreach (var type in ErrorTypes.All)
        {
            if (type.Code() == code)
            {
                return type;
            }
        }

        throw new FormatException($"Unknown error_type \"{code}\" in the grouped-map input.");
    }

    private static string Required(StringArray column, int row, string name) => column.GetString(row) ?? Missing<string>(name, row);

    private static T Missing<T>(string column, int row) =>
        throw new FormatException($"Column {column} of row {row} of the grouped-map input is null; the decode UDF always sets it.");

    private static T Column<T>(RecordBatch batch, string name)
        where T : IArrowArray => (T)batch.Column(TableRows.IndexOf(name));

    private static ArrowTypeId ArrowTypeOf(string sparkType) => sparkType switch
    {
        "string" => ArrowTypeId.String,
        "long" => ArrowTypeId.Int64,
        "integer" => ArrowTypeId.Int32,
        "double" => ArrowTypeId.Double,
        "boolean" => ArrowTypeId.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(sparkType), sparkType, "No Arrow type is mapped for this Spark type."),
    };

    private sealed class SequenceNumberComparer : IComparer<string?>
    {
        public static readonly SequenceNumberComparer Instance = new();

        public int Compare(string? x, string? y) => SourcePosition.CompareDecimal(x ?? "", y ?? "");
    }
}
