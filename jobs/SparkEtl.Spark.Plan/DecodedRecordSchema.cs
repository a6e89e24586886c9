using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The row type the Spark job's decode UDF returns for each transform result: one tagged row per trade, error
/// or drop. Its fields are derived from the <c>trades</c> and <c>errors</c> table definitions (so the tables and
/// the UDF cannot drift apart), with timestamps carried as epoch-millisecond <c>long</c>s, plus <c>kind</c>,
/// <c>event_index</c> (the log event's index, a tie-break), <c>drop_reason</c> and <c>late</c> (a trade behind the
/// watermark: it stays in <c>trades</c>, the bars leave it out, and an <c>errors</c> row of its own says so).
/// </summary>
public static class DecodedRecordSchema
{
    /// <summary>The <c>kind</c> of a clean trade row.</summary>
    public const string TradeKind = "trade";

    /// <summary>The <c>kind</c> of a failed or late record.</summary>
    public const string ErrorKind = "error";

    /// <summary>The <c>kind</c> of a record filtered on purpose (counted, not stored).</summary>
    public const string DropKind = "drop";

    /// <summary>The field of the UDF's result struct that holds the array of decoded rows.</summary>
    public const string ResultField = "rows";

    // Initialised in textual order: the fields first, then everything derived from them.
    private static readonly (string Name, string SparkType)[] FieldList = BuildFields();

    private static readonly Dictionary<string, int> IndexByName =
        FieldList.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    /// <summary>The decoded row's fields in order, with their Spark SQL type names.</summary>
    public static IReadOnlyList<(string Name, string SparkType)> Fields => FieldList;

    /// <summary>The decoded row's field names in order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = [.. FieldList.Select(f => f.Name)];

    /// <summary>The decoded row as a Spark <c>StructType</c> in its JSON form (every field nullable).</summary>
    public static string StructJson { get; } = StructTypeJson(FieldList);

    /// <summary>
    /// The UDF's return type in Spark's JSON form: a struct with one field, <see cref="ResultField"/>, an array of
    /// decoded rows (a UDF returns one value per input row; the job explodes the array).
    /// </summary>
    public static string UdfResultJson { get; } =
        $"{{\"type\":\"struct\",\"fields\":[{{\"name\":\"{ResultField}\",\"type\":{{\"type\":\"array\",\"elementType\":{StructJson},\"containsNull\":false}},\"nullable\":false,\"metadata\":{{}}}}]}}";

    /// <summary>The position of a field in a decoded row.</summary>
    /// <exception cref="ArgumentException">No such field.</exception>
    public static int IndexOf(string name) =>
        IndexByName.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The decoded row has no field \"{name}\".", nameof(name));

    /// <summary>A trade row; <paramref name="late"/> marks a trade behind the watermark, which the bars leave out.</summary>
    public static object?[] TradeRow(in Trade trade, bool late = false)
    {
        var row = new object?[Fields.Count];
        row[Kind] = TradeKind;
        row[Late] = late;
        row[TickerSymbol] = trade.Symbol;
        row[Sector] = trade.Sector;
        row[Price] = trade.Price;
        row[EventTime] = trade.EventTimeMs;
        SetPosition(row, trade.Position);
        row[LogGroup] = trade.LogGroup;
        row[LogEventId] = trade.LogEventId;
        row[ArrivalTime] = trade.ArrivalMs;
        return row;
    }

    /// <summary>An error row; <c>raw_data</c> is base64, as the errors table stores it.</summary>
    public static object?[] ErrorRow(ErrorRecord error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var row = new object?[Fields.Count];
        row[Kind] = ErrorKind;
        row[ErrorTypeField] = error.Type.Code();
        row[Message] = error.Message;
        row[RawData] = Convert.ToBase64String(error.RawData.Span);
        SetPosition(row, error.Position);
        row[LogEventId] = error.LogEventId;
        row[ArrivalTime] = error.ArrivalMs;
        return row;
    }

    /// <summary>A drop row: only the reason code and the position are set.</summary>
    public static object?[] DropRow(DropReason reason, SourcePosition position)
    {
        var row = new object?[Fields.Count];
        row[Kind] = DropKind;
        row[DropReasonField] = reason.Code();
        SetPosition(row, position);
        return row;
    }

    /// <summary>The <c>kind</c> of a decoded row's values.</summary>
    public static string KindOf(IReadOnlyList<object?> values) => Text(values, Kind)!;

    /// <summary>True for a trade row behind the watermark.</summary>
    public static bool IsLate(IReadOnlyList<object?> values) => values[Late] is true;

    /// <summary>Reads a trade back from a decoded row's values (as Spark returns them: whole numbers may come back narrower).</summary>
    public static Trade ToTrade(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Trade(
            Text(values, TickerSymbol)!,
            Text(values, Sector),
            Convert.ToDouble(values[Price], CultureInfo.InvariantCulture),
            Convert.ToInt64(values[EventTime], CultureInfo.InvariantCulture),
            PositionOf(values),
            Text(values, LogGroup),
            Text(values, LogEventId),
            values[ArrivalTime] is null ? 0 : Convert.ToInt64(values[ArrivalTime], CultureInfo.InvariantCulture));
    }

    /// <summary>Reads an error back from a decoded row's values.</summary>
    /// <exception cref="FormatException">An unknown error code or bad base64: the row did not come from <see cref="ErrorRow"/>.</exception>
    public static ErrorRecord ToError(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var code = Text(values, ErrorTypeField);
        var type = ErrorTypes.All.FirstOrDefault(t => t.Code() == code);
        if (type.Code() != code)
        {
            throw new FormatException($"Unknown error_type \"{code}\" in a decoded row.");
        }

        return new ErrorRecord(
            type,
            Text(values, Message)!,
            Convert.FromBase64String(Text(values, RawData)!),
            PositionOf(values),
            Text(values, LogEventId),
            Convert.ToInt64(values[ArrivalTime], CultureInfo.InvariantCulture));
    }

    private static readonly int Kind = IndexOf("kind");
    private static readonly int TickerSymbol = IndexOf("ticker_symbol");
    private static readonly int Sector = IndexOf("sector");
    private static readonly int Price = IndexOf("price");
    private static readonly int EventTime = IndexOf("event_time");
    private static readonly int ShardId = IndexOf("shard_id");
    private static readonly int SequenceNumber = IndexOf("sequence_number");
    private static readonly int SubSequence = IndexOf("sub_sequence");
    private static readonly int LogGroup = IndexOf("log_group");
    private static readonly int LogEventId = IndexOf("log_event_id");
    private static readonly int ErrorTypeField = IndexOf("error_type");
    private static readonly int Message = IndexOf("message");
    private static readonly int RawData = IndexOf("raw_data");
    private static readonly int ArrivalTime = IndexOf("arrival_time");
    private static readonly int EventIndex = IndexOf("event_index");
    private static readonly int DropReasonField = IndexOf("drop_reason");
    private static readonly int Late = IndexOf("late");

    private static (string Name, string SparkType)[] BuildFields()
    {
        var fields = new List<(string Name, string SparkType)> { ("kind", "string") };
        foreach (var column in SparkEtlTables.Trades.Columns.Concat(SparkEtlTables.Errors.Columns))
        {
            if (!fields.Exists(f => f.Name == column.Name))
            {
                fields.Add((column.Name, column.Type == ParquetColumnType.TimestampMillis ? "long" : SparkSqlTypes.Of(column.Type)));
            }
        }

        fields.Add(("event_index", "integer"));
        fields.Add(("drop_reason", "string"));
        fields.Add(("late", "boolean"));
        return [.. fields];
    }

    private static void SetPosition(object?[] row, SourcePosition position)
    {
        row[ShardId] = position.ShardId;
        row[SequenceNumber] = position.SequenceNumber;
        row[SubSequence] = position.SubSequence == SourcePosition.None ? null : position.SubSequence;
        row[EventIndex] = position.EventIndex == SourcePosition.None ? null : position.EventIndex;
    }

    private static SourcePosition PositionOf(IReadOnlyList<object?> values) => new(
        Text(values, ShardId)!,
        Text(values, SequenceNumber)!,
        values[SubSequence] is null ? SourcePosition.None : Convert.ToInt64(values[SubSequence], CultureInfo.InvariantCulture),
        values[EventIndex] is null ? SourcePosition.None : Convert.ToInt32(values[EventIndex], CultureInfo.InvariantCulture));

    private static string? Text(IReadOnlyList<object?> values, int index) => (string?)values[index];

    private static string StructTypeJson(IEnumerable<(string Name, string SparkType)> fields)
    {
        var json = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
        var first = true;
        foreach (var (name, type) in fields)
        {
            json.Append(first ? "" : ",");
            json.Append(CultureInfo.InvariantCulture, $"{{\"name\":\"{name}\",\"type\":\"{type}\",\"nullable\":true,\"metadata\":{{}}}}");
            first = false;
        }

        return json.Append("]}").ToString();
    }
}
