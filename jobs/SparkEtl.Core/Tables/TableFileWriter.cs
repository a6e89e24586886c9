using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Parquet.Internal;
using SparkEtl.Core.Storage;

namespace SparkEtl.Core.Tables;

/// <summary>
/// Writes one batch's rows of one table as Parquet files, for both engines: one or more parts per
/// <c>dt</c> partition (at most <c>parquet.maxRowsPerFile</c> rows each), named by <see cref="OutputNaming"/>
/// from (table, partition, batch id, part), so a replay of the batch puts the same keys with the same
/// bytes. Rows keep their given order within a partition; partitions are written in day order. Each
/// file is complete before it is put, and the store's put is atomic, so no reader sees half a file.
/// </summary>
/// <param name="encodeParallelism">How many threads may encode one file's columns at once (the bytes are the same whatever it is); 1 or more.</param>
public sealed class TableFileWriter(IObjectStore warehouse, ParquetSettings settings, int encodeParallelism = 1)
{
    private const long DayMs = 86_400_000;
    private const int MinFileBufferBytes = 64 * 1024;
    private const int MaxFileBufferHintBytes = 64 * 1024 * 1024;
    private const int MaxColumnRowsHint = 4 * 1024 * 1024;

    // The largest file built of each table, by name; tables are built on several threads at once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _largestFileBytes = new(StringComparer.Ordinal);

    // The same for each column's buffers: per table, the most a row group of a column has buffered so far (up to a bound).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ColumnLoad[]> _largestLoads = new(StringComparer.Ordinal);

    private readonly ParquetWriterOptions _options = new()
    {
        Compression = settings.Compression,
        RowGroupTargetBytes = settings.RowGroupBytes,
        PageTargetBytes = settings.PageBytes,
        EncodeParallelism = encodeParallelism,
    };

    /// <summary>Writes <paramref name="rows"/> of batch <paramref name="batchId"/>; the files are durable when the task completes.</summary>
    public Task<IReadOnlyList<WrittenFile>> WriteAsync<TRow>(
        TableDefinition<TRow> table, IEnumerable<TRow> rows, long batchId, CancellationToken cancellationToken) =>
        WriteAsync(Plan(table, rows as IReadOnlyList<TRow> ?? [.. rows], batchId), cancellationToken);

    /// <summary>Decides the files of <paramref name="rows"/> of batch <paramref name="batchId"/> without writing any.</summary>
    public TableWritePlan<TRow> Plan<TRow>(TableDefinition<TRow> table, IReadOnlyList<TRow> rows, long batchId)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var files = new List<PlannedFile>();
        foreach (var (partition, indexes) in GroupByPartition(table, rows))
        {
            for (int part = 0, offset = 0; offset < indexes.Count; part++, offset += settings.MaxRowsPerFile)
            {
                var count = Math.Min(settings.MaxRowsPerFile, indexes.Count - offset);
                var slice = offset == 0 && count == indexes.Count ? indexes : indexes.Slice(offset, count);
                files.Add(new PlannedFile(OutputNaming.DataFileKey(table, partition, batchId, part, settings.Compression), partition, slice));
            }
        }

        return new TableWritePlan<TRow>(table, rows, batchId, files);
    }

    /// <summary>
    /// Writes <paramref name="rows"/>, all of one <c>dt</c> partition, as the one file numbered <paramref name="part"/> of
    /// batch <paramref name="batchId"/>, in the given order and whatever their count: the Spark job's executors write one
    /// file per hash bucket this way. Durable when the task completes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty or spans more than one partition.</exception>
    public async Task<WrittenFile> WriteFileAsync<TRow>(
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
        var file = new PlannedFile(OutputNaming.DataFileKey(table, partition, batchId, part, settings.Compression), partition, indexes);
        return (await WriteAsync(new TableWritePlan<TRow>(table, rows, batchId, [file]), cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Writes the files of <paramref name="plan"/>; they are durable when the task completes.</summary>
    public async Task<IReadOnlyList<WrittenFile>> WriteAsync<TRow>(TableWritePlan<TRow> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var written = new List<WrittenFile>(plan.Files.Count);
        foreach (var file in plan.Files)
        {
            // The file is built in pooled memory, so files of every batch reuse the same arrays instead of growing new ones.
#pragma warning disable CA2000 // Disposed in the finally below; the analyzer does not follow it across the await.
            var buffer = NewFileBuffer(plan.Table.Name);
#pragma warning restore CA2000
            try
            {
                Build(plan, file.RowIndexes, buffer);
                using (var content = buffer.OpenRead())
                {
                    await warehouse.PutAsync(file.Key, content, cancellationToken).ConfigureAwait(false);
                }

                written.Add(new WrittenFile(plan.Table.Name, file.Key, file.Partition, file.RowIndexes.Count, buffer.Length));
            }
            finally
            {
                buffer.Dispose();
            }
        }

        return written;
    }

    /// <summary>
    /// Encodes the files of <paramref name="plan"/> in memory without putting any, so several tables can be encoded at
    /// once and their files still put in a fixed order with <see cref="PutAsync"/>. Same bytes as <see cref="WriteAsync{TRow}(TableWritePlan{TRow}, CancellationToken)"/>.
    /// </summary>
    public BuiltFiles Build<TRow>(TableWritePlan<TRow> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var built = new BuiltFiles(plan.Table.Name);
        try
        {
            foreach (var file in plan.Files)
            {
                var buffer = NewFileBuffer(plan.Table.Name);
                built.Add(file, buffer);
                Build(plan, file.RowIndexes, buffer);
            }

            return built;
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    /// <summary>Puts files <see cref="Build{TRow}"/> encoded, in their plan's order; they are durable when the task completes.</summary>
    public async Task<IReadOnlyList<WrittenFile>> PutAsync(BuiltFiles files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var written = new List<WrittenFile>(files.Count);
        foreach (var (file, bytes) in files.Files)
        {
            using (var content = bytes.OpenRead())
            {
                await warehouse.PutAsync(file.Key, content, cancellationToken).ConfigureAwait(false);
            }

            written.Add(new WrittenFile(files.Table, file.Key, file.Partition, file.RowIndexes.Count, bytes.Length));
        }

        return written;
    }

    // A table's files are much alike from batch to batch: a file starts as large as the table's largest so far (up to a
    // bound), rather than doubling its way there again from a small buffer.
    private PooledByteBuffer NewFileBuffer(string table) =>
        new((int)Math.Clamp(_largestFileBytes.GetValueOrDefault(table), MinFileBufferBytes, MaxFileBufferHintBytes));

    private void Build<TRow>(TableWritePlan<TRow> plan, IReadOnlyList<int> indexes, PooledByteBuffer buffer)
    {
        using (var stream = new PooledByteBufferStream(buffer))
        using (var writer = new ParquetFileWriter(stream, plan.Table.ParquetSchema, _options))
        {
            if (_largestLoads.TryGetValue(plan.Table.Name, out var loads))
            {
                writer.EnsureCapacity(loads);
            }

            WriteRows(plan, indexes, writer);
            writer.Complete();
            RememberLoads(plan.Table.Name, writer.LargestLoads);
        }

        _largestFileBytes.AddOrUpdate(plan.Table.Name, buffer.Length, (_, largest) => Math.Max(largest, buffer.Length));
    }

    private void RememberLoads(string table, ReadOnlySpan<ColumnLoad> loads)
    {
        var bounded = new ColumnLoad[loads.Length];
        for (var i = 0; i < loads.Length; i++)
        {
            bounded[i] = loads[i].AtMost(MaxColumnRowsHint, MaxFileBufferHintBytes);
        }

        _largestLoads.AddOrUpdate(table, bounded, (_, largest) => [.. largest.Zip(bounded, ColumnLoad.Max)]);
    }

    private static void WriteRows<TRow>(TableWritePlan<TRow> plan, IReadOnlyList<int> indexes, ParquetFileWriter writer)
    {
        // Rows that can be read in place (a TradeBuffer's) are, without copying each out through the list interface.
        if (plan.Rows is IRowSpan<TRow> inPlace)
        {
            var span = inPlace.Span;
            if (indexes is RowIndexes { IsRange: true } range)
            {
                // The rows of one day in one run (the usual batch): read straight through, no index per row.
                foreach (ref readonly var row in span.Slice(range.First, range.Count))
                {
                    plan.Table.WriteRow(writer, row);
                }

                return;
            }

            foreach (var index in indexes)
            {
                plan.Table.WriteRow(writer, span[index]);
            }

            return;
        }

        foreach (var index in indexes)
        {
            plan.Table.WriteRow(writer, plan.Rows[index]);
        }
    }

    // Rows keep their order within a partition; the day of consecutive rows is computed once per day.
    private static SortedDictionary<string, RowIndexes> GroupByPartition<TRow>(TableDefinition<TRow> table, IReadOnlyList<TRow> rows)
    {
        var grouping = new PartitionGrouping();

        // Read in place when the rows allow it, as in WriteRows.
        if (rows is IRowSpan<TRow> inPlace)
        {
            var span = inPlace.Span;
            for (var i = 0; i < span.Length; i++)
            {
                grouping.Add(table.PartitionTimeOf(span[i]), i);
            }
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                grouping.Add(table.PartitionTimeOf(rows[i]), i);
            }
        }

        return grouping.Partitions;
    }

    /// <summary>Row indexes by the <c>dt</c> partition of their time, in the order they are added.</summary>
    private sealed class PartitionGrouping
    {
        private long _dayStart = long.MaxValue;
        private long _dayEnd = long.MinValue;
        private RowIndexes? _current;

        public SortedDictionary<string, RowIndexes> Partitions { get; } = new(StringComparer.Ordinal);

        public void Add(long timeMs, int row)
        {
            if (timeMs < _dayStart || timeMs >= _dayEnd)
            {
                var day = PartitionPath.DayOf(timeMs);
                _dayStart = timeMs - (((timeMs % DayMs) + DayMs) % DayMs);
                _dayEnd = _dayStart + DayMs;
                if (!Partitions.TryGetValue(day, out _current))
                {
                    _current = new RowIndexes();
                    Partitions.Add(day, _current);
                }
            }

            _current!.Add(row);
        }
    }
}
