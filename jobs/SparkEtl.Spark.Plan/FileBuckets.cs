using System.Globalization;
using System.Text;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// How many files each (table, day) of a batch is split into, so that a file holds about <c>parquet.maxRowsPerFile</c>
/// rows: ⌈rows ÷ maxRowsPerFile⌉, from counts the driver gathers (one small aggregate, no rows). Rows go to a bucket by
/// a hash of their source position, so a replay of the batch (the same input) puts them in the same buckets.
/// </summary>
/// <remarks>
/// A bucket is one group of the grouped-map function, held whole in memory on one executor: the bucket count keeps
/// groups near <c>parquet.maxRowsPerFile</c> rows (a hash spreads them evenly, not exactly, so a file may hold a few more).
/// </remarks>
public sealed class FileBuckets
{
    private readonly SortedDictionary<(string Table, long Day), int> _counts;

    private FileBuckets(SortedDictionary<(string Table, long Day), int> counts) => _counts = counts;

    /// <summary>Plans the buckets of a batch from its row counts per (table, day).</summary>
    public static FileBuckets Plan(IEnumerable<(string Table, long Day, long Rows)> partitions, int maxRowsPerFile)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerFile, 1);
        var counts = new SortedDictionary<(string Table, long Day), int>();
        foreach (var (table, day, rows) in partitions)
        {
            var buckets = (rows + maxRowsPerFile - 1) / maxRowsPerFile;
            if (buckets > 1)
            {
                counts[(table, day)] = checked((int)buckets);
            }
        }

        return new FileBuckets(counts);
    }

    /// <summary>The number of files of one table's day.</summary>
    public int CountOf(string table, long day) => _counts.TryGetValue((table, day), out var count) ? count : 1;

    /// <summary>
    /// The bucket of a keyed row (<see cref="TableRows.KeyedExpressions"/>) as Spark SQL: <c>0</c> when every (table, day)
    /// fits one file, else <c>pmod(xxhash64(position), count)</c> with the count of the row's table and day.
    /// </summary>
    public string Expression
    {
        get
        {
            if (_counts.Count == 0)
            {
                return "0";
            }

            var count = new StringBuilder("CASE");
            foreach (var ((table, day), buckets) in _counts)
            {
                // Table names are lower-case letters, digits and '_' (TableNames), safe inside a literal.
                count.Append(CultureInfo.InvariantCulture,
                    $" WHEN {TableRows.TableColumn} = '{table}' AND {TableRows.DayColumn} = {day} THEN {buckets}");
            }

            count.Append(" ELSE 1 END");
            return $"CAST(pmod(xxhash64(sequence_number, {SparkJobSql.ReadOrderColumn}, coalesce(event_index, -1)), {count}) AS INT)";
        }
    }
}
