using System.Globalization;
using System.Text;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;

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
    private const long DayMs = 86_400_000;

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
            counts[(table, day)] = checked((int)Math.Max(1, (rows + maxRowsPerFile - 1) / maxRowsPerFile));
        }

        return new FileBuckets(counts);
    }

    /// <summary>
    /// Every key the executors may write for batch <paramref name="batchId"/>: one per table, day and bucket. The driver
    /// records them as the batch's intent before the executors write, so the commit protocol can find a crashed
    /// attempt's files (a bucket a hash leaves empty is named but never written, which is harmless).
    /// </summary>
    public IReadOnlyList<string> Keys(long batchId, ParquetCompression compression)
    {
        var keys = new List<string>();
        foreach (var ((table, day), buckets) in _counts)
        {
            var definition = table == SparkEtlTables.Trades.Name ? (TableDefinition)SparkEtlTables.Trades
                : table == SparkEtlTables.Errors.Name ? SparkEtlTables.Errors
                : throw new ArgumentException($"The executors write only {SparkEtlTables.Trades.Name} and {SparkEtlTables.Errors.Name}; got \"{table}\".");
            var partition = PartitionPath.DayOf(day * DayMs);
            for (var bucket = 0; bucket < buckets; bucket++)
            {
                keys.Add(OutputNaming.DataFileKey(definition, partition, batchId, bucket, compression));
            }
        }

        return keys;
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
            var split = _counts.Where(c => c.Value > 1).ToList();
            if (split.Count == 0)
            {
                return "0";
            }

            var count = new StringBuilder("CASE");
            foreach (var ((table, day), buckets) in split)
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
