using System.Globalization;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The rows the driver hands to the executors' grouped-map function (<see cref="TableGroupWriter"/>): one per trade or
/// error of the batch, with the <c>table</c>, the UTC <c>day</c> (the table's <c>dt</c> partition, as days since the
/// epoch) and the hash <c>bucket</c> they are grouped by, then the decoded row's fields and the read order.
/// </summary>
/// <remarks>
/// The function reads its input by position in <see cref="Columns"/>' order (the order
/// <see cref="BucketedExpressions"/> selects), so names Spark gives the Arrow fields do not matter. The day is integer
/// arithmetic on epoch milliseconds, free of Spark's session time zone; the function derives the <c>dt</c> value itself
/// with the same table definition the embedded engine uses.
/// </remarks>
public static class TableRows
{
    /// <summary>The table a row goes to: <c>trades</c> or <c>errors</c>.</summary>
    public const string TableColumn = "table";

    /// <summary>The UTC day of the row's partition time, in days since 1970-01-01.</summary>
    public const string DayColumn = "day";

    /// <summary>The hash bucket within (table, day): the number of the file the row is written to.</summary>
    public const string BucketColumn = "bucket";

    private const long DayMs = 86_400_000;

    /// <summary>The decoded rows that are written: trades (late ones included) and errors; drops are only counted.</summary>
    public static string Filter { get; } = $"kind IN ('{DecodedRecordSchema.TradeKind}', '{DecodedRecordSchema.ErrorKind}')";

    /// <summary>The table of a decoded row.</summary>
    public static string TableExpression { get; } =
        $"CASE kind WHEN '{DecodedRecordSchema.TradeKind}' THEN '{SparkEtlTables.Trades.Name}' ELSE '{SparkEtlTables.Errors.Name}' END";

    /// <summary>The day of a decoded row's partition time: a trade's event time, an error's arrival time.</summary>
    public static string DayExpression { get; } = string.Create(CultureInfo.InvariantCulture,
        $"CAST(floor(CASE kind WHEN '{DecodedRecordSchema.TradeKind}' THEN event_time ELSE arrival_time END / {DayMs}) AS BIGINT)");

    /// <summary>The columns the function receives, in order, with their Spark SQL type names.</summary>
    public static IReadOnlyList<(string Name, string SparkType)> Columns { get; } =
    [
        (TableColumn, "string"),
        (DayColumn, "long"),
        (BucketColumn, "integer"),
        .. DecodedRecordSchema.Fields,
        (SparkJobSql.ReadOrderColumn, "long"),
    ];

    /// <summary>The columns the rows are grouped by: one group, one file.</summary>
    public static IReadOnlyList<string> GroupingColumns { get; } = [TableColumn, DayColumn, BucketColumn];

    /// <summary>The decoded rows (with the read order) keyed by table and day: what <see cref="FileBuckets"/> counts.</summary>
    public static IReadOnlyList<string> KeyedExpressions { get; } =
    [
        $"{TableExpression} AS {TableColumn}",
        $"{DayExpression} AS {DayColumn}",
        .. DecodedRecordSchema.FieldNames,
        SparkJobSql.ReadOrderColumn,
    ];

    /// <summary>The keyed rows with their bucket, in <see cref="Columns"/>' order.</summary>
    public static IReadOnlyList<string> BucketedExpressions(FileBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        return [TableColumn, DayColumn, $"{buckets.Expression} AS {BucketColumn}", .. DecodedRecordSchema.FieldNames, SparkJobSql.ReadOrderColumn];
    }

    /// <summary>The position of a column in <see cref="Columns"/>.</summary>
    /// <exception cref="ArgumentException">No such column.</exception>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"The table rows have no column \"{name}\".", nameof(name));
    }
}
