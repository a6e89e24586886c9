using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Storage;

namespace SparkEtl.Core.Tables;

/// <summary>
/// Writes one batch's rows of one table as Parquet files, for both engines: one or more parts per
/// <c>dt</c> partition (at most <c>parquet.maxRowsPerFile</c> rows each), named by <see cref="OutputNaming"/>
/// from (table, partition, batch id, part), so a replay of the batch puts the same keys with the same
/// bytes. Rows keep their given order within a partition; partitions are written in day order. Each
/// file is complete before it is put, and the store's put is atomic, so no reader sees half a file.
/// </summary>
public sealed class TableFileWriter(IObjectStore warehouse, ParquetSettings settings)
{
    private const long DayMs = 86_400_000;

    private readonly ParquetWriterOptions _options = new()
    {
        Compression = settings.Compression,
        RowGroupTargetBytes = settings.RowGroupBytes,
        PageTargetBytes = settings.PageBytes,
    };

    /// <summary>Writes <paramref name="rows"/> of batch <paramref name="batchId"/>; the files are durable when the task completes.</summary>
    public async Task<IReadOnlyList<WrittenFile>> WriteAsync<TRow>(
        TableDefinition<TRow> table, IEnumerable<TRow> rows, long batchId, CancellationToken cancellationToken)
    {
        var list = rows as IReadOnlyList<TRow> ?? [.. rows];
        var written = new List<WrittenFile>();
        foreach (var (partition, indexes) in GroupByPartition(table, list))
        {
            for (int part = 0, offset = 0; offset < indexes.Count; part++, offset += settings.MaxRowsPerFile)
            {
                var count = Math.Min(settings.MaxRowsPerFile, indexes.Count - offset);
                written.Add(await PutFileAsync(table, partition, list, indexes.GetRange(offset, count), batchId, part, cancellationToken).ConfigureAwait(false));
            }
        }

        return written;
    }

    /// <summary>
    /// Writes <paramref name="rows"/>, all of one <c>dt</c> partition, as the one file numbered <paramref name="part"/> of
    /// batch <paramref name="batchId"/>, in the given order and whatever their count: the Spark job's executors write one
    /// file per hash bucket this way. Durable when the task completes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty or spans more than one partition.</exception>
    public Task<WrittenFile> WriteFileAsync<TRow>(
        TableDefinition<TRow> table, IReadOnlyList<TRow> rows, long batchId, int part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var partitions = GroupByPartition(table, rows);
        if (partitions.Count != 1)
        {
            throw new ArgumentException(
                $"One file holds the rows of one {TableDefinition.PartitionColumn} partition of {table.Name}; got {partitions.Count} partitions ({string.Join(", ", partitions.Keys)}).",
                nameof(rows));
        }

        var (partition, indexes) = partitions.First();
        return PutFileAsync(table, partition, rows, indexes, batchId, part, cancellationToken);
    }

    // Each file is complete in memory before it is put, and the store's put is atomic.
    private async Task<WrittenFile> PutFileAsync<TRow>(
        TableDefinition<TRow> table, string partition, IReadOnlyList<TRow> rows, List<int> indexes, long batchId, int part, CancellationToken cancellationToken)
    {
        var key = OutputNaming.DataFileKey(table, partition, batchId, part, settings.Compression);
        using var buffer = new MemoryStream();
        using (var writer = new ParquetFileWriter(buffer, table.ParquetSchema, _options))
        {
            foreach (var index in indexes)
            {
                table.WriteRow(writer, rows[index]);
            }

            writer.Complete();
        }

        buffer.Position = 0;
        await warehouse.PutAsync(key, buffer, cancellationToken).ConfigureAwait(false);
        return new WrittenFile(table.Name, key, partition, indexes.Count, buffer.Length);
    }

    // Rows keep their order within a partition; the day of consecutive rows is computed once per day.
    private static SortedDictionary<string, List<int>> GroupByPartition<TRow>(TableDefinition<TRow> table, IReadOnlyList<TRow> rows)
    {
        var partitions = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        long dayStart = long.MaxValue, dayEnd = long.MinValue;
        List<int>? current = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var time = table.PartitionTimeOf(rows[i]);
            if (time < dayStart || time >= dayEnd)
            {
                var day = PartitionPath.DayOf(time);
                dayStart = time - (((time % DayMs) + DayMs) % DayMs);
                dayEnd = dayStart + DayMs;
                if (!partitions.TryGetValue(day, out current))
                {
                    current = [];
                    partitions.Add(day, current);
                }
            }

            current!.Add(i);
        }

        return partitions;
    }
}
