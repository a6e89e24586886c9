using System.Globalization;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The snapshot that holds a batch's rows in an Iceberg table, as <see cref="IcebergSparkTable.BatchSnapshotSql"/> finds
/// it: its id and, from its summary, the data files, records and bytes it added.
/// </summary>
public sealed record IcebergBatchSnapshot(long SnapshotId, long DataFiles, long Records, long Bytes)
{
    /// <summary>Reads a row of the query (summary values are text; a missing one counts as 0).</summary>
    public static IcebergBatchSnapshot Read(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != 4)
        {
            throw new ArgumentException($"A batch snapshot row has 4 values, got {values.Count}.", nameof(values));
        }

        return new IcebergBatchSnapshot(Convert.ToInt64(values[0], CultureInfo.InvariantCulture), Count(values[1]), Count(values[2]), Count(values[3]));
    }

    private static long Count(object? value) => value switch
    {
        null => 0,
        string text => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };
}
