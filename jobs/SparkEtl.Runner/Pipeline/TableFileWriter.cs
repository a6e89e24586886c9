using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;

namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Writes one batch's rows of one table as Parquet files, one or more parts per <c>dt</c> partition,
/// named by <see cref="OutputNaming"/> so a replay of the batch writes the same keys.
/// </summary>
internal sealed class TableFileWriter(IObjectStore warehouse, ParquetSettings settings)
{
    private readonly ParquetWriterOptions _options = new()
    {
        Compression = settings.Compression,
        RowGroupTargetBytes = settings.RowGroupBytes,
        PageTargetBytes = settings.PageBytes,
    };

    /// <summary>Writes <paramref name="rows"/>; returns the files, durable when the task completes.</summary>
    public async Task<IReadOnlyList<WrittenFile>> WriteAsync<TRow>(
        TableDefinition<TRow> table, IReadOnlyList<TRow> rows, long batchId, CancellationToken cancellationToken)
    {
        var written = new List<WrittenFile>();
        foreach (var (partition, indexes) in GroupByPartition(table, rows))
        {
            for (int part = 0, offset = 0; offset < indexes.Count; part++, offset += settings.MaxRowsPerFile)
            {
                var count = Math.Min(settings.MaxRowsPerFile, indexes.Count - offset);
                var key = OutputNaming.DataFileKey(table, partition, batchId, part, settings.Compression);
                using var buffer = new MemoryStream();
                using (var writer = new ParquetFileWriter(buffer, table.ParquetSchema, _options))
                {
                    for (var i = offset; i < offset + count; i++)
                    {
                        table.WriteRow(writer, rows[indexes[i]]);
                    }

                    writer.Complete();
                }

                buffer.Position = 0;
                await warehouse.PutAsync(key, buffer, cancellationToken).ConfigureAwait(false);
                written.Add(new WrittenFile(table.Name, key, partition, count, buffer.Length));
            }
        }

        return written;
    }

    // Rows keep their batch order within a partition; partitions come out in day order.
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
                dayStart = time - Mod(time, 86_400_000);
                dayEnd = dayStart + 86_400_000;
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

    private static long Mod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }
}
