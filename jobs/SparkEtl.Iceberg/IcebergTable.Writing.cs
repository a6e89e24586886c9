using System.Text;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg.Metadata;

namespace SparkEtl.Iceberg;

/// <summary>Writing a batch's data files.</summary>
public sealed partial class IcebergTable
{
    /// <summary>Bytes (UTF-8 of at most this many characters) kept of a string bound, as Iceberg's default <c>truncate(16)</c> metrics mode.</summary>
    public const int StringBoundCharacters = 16;

    private const long DayMs = 86_400_000;

    /// <summary>
    /// Writes the rows of batch <paramref name="batchId"/> as Parquet data files carrying the table's field ids, one or
    /// more per partition (at most <see cref="ParquetSettings.MaxRowsPerFile"/> rows each), under
    /// <c>{table}/data/{partition}/</c>, named from (partition, batch id, part) so a replay writes the same keys.
    /// Returns the files with their partition tuples and metrics, ready for <see cref="CommitBatchAsync"/>; nothing is
    /// visible to readers before that commit. Columns are matched to the table's current schema by name, and the
    /// files follow its types (timestamps in microseconds, <c>timestamptz</c> or <c>timestamp</c>).
    /// </summary>
    /// <remarks>Rows keep their order within a partition; partitions are written in day order.</remarks>
    /// <exception cref="IcebergTableException">The table's schema lacks a column or holds it as an incompatible type.</exception>
    public async Task<IReadOnlyList<IcebergDataFile>> WriteBatchAsync<TRow>(
        TableDefinition<TRow> table, IEnumerable<TRow> rows, long batchId, ParquetSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(settings);
        var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var schema = state?.Metadata.CurrentSchema ?? Layout.Schema;
        var spec = state?.Metadata.DefaultSpec ?? Layout.Spec;
        var parquetSchema = ParquetSchemaFor(table, schema);
        if (spec.Fields.Count != 1 || spec.Fields[0].Transform != "day" || schema.FindField(spec.Fields[0].SourceId) is not { } source
            || !string.Equals(table.Columns.Select(c => c.Name).FirstOrDefault(n => string.Equals(n, source.Name, StringComparison.OrdinalIgnoreCase)), source.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new IcebergTableException($"Table {Layout.TableName} must be partitioned by day of one of its timestamp columns; its spec is [{string.Join(", ", spec.Fields.Select(f => $"{f.Transform}({f.SourceId})"))}].");
        }

        var options = new ParquetWriterOptions { Compression = settings.Compression, RowGroupTargetBytes = settings.RowGroupBytes, PageTargetBytes = settings.PageBytes };
        var list = rows as IReadOnlyList<TRow> ?? [.. rows];
        var files = new List<IcebergDataFile>();
        foreach (var (day, indexes) in GroupByDay(table, list))
        {
            IReadOnlyList<int?> partition = [day];
            for (int part = 0, offset = 0; offset < indexes.Count; part++, offset += settings.MaxRowsPerFile)
            {
                var count = Math.Min(settings.MaxRowsPerFile, indexes.Count - offset);
                var key = Layout.DataFileKey(spec, partition, batchId, part, settings.Compression);
                using var buffer = new MemoryStream();
                IReadOnlyList<ParquetColumnStatistics> statistics;
                IReadOnlyList<long> offsets;
                using (var writer = new ParquetFileWriter(buffer, parquetSchema, options))
                {
                    for (var i = offset; i < offset + count; i++)
                    {
                        table.WriteRow(writer, list[indexes[i]]);
                    }

                    writer.Complete();
                    statistics = writer.ColumnStatistics;
                    offsets = writer.RowGroupOffsets;
                }

                buffer.Position = 0;
                await _store.PutAsync(key, buffer, cancellationToken).ConfigureAwait(false);
                files.Add(DataFileOf(Layout.LocationOf(key), partition, count, buffer.Length, parquetSchema, statistics, offsets, spec.SpecId));
            }
        }

        return files;
    }

    /// <summary>The Parquet schema of a data file: the definition's columns in its order, with the table's field ids, types and nullability.</summary>
    internal ParquetSchema ParquetSchemaFor(TableDefinition table, IcebergSchema schema)
    {
        var columns = new List<ParquetColumn>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            var field = schema.FindField(column.Name)
                ?? throw new IcebergTableException($"Table {Layout.TableName}: its Iceberg schema has no column \"{column.Name}\" (it has {string.Join(", ", schema.Fields.Select(f => f.Name))}).");
            var type = (column.Type, field.Type) switch
            {
                (ParquetColumnType.String, IcebergType.String) => ParquetColumnType.String,
                (ParquetColumnType.Int64, IcebergType.Long) => ParquetColumnType.Int64,
                (ParquetColumnType.Double, IcebergType.Double) => ParquetColumnType.Double,
                (ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros or ParquetColumnType.LocalTimestampMicros, IcebergType.TimestampTz) => ParquetColumnType.TimestampMicros,
                (ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros or ParquetColumnType.LocalTimestampMicros, IcebergType.Timestamp) => ParquetColumnType.LocalTimestampMicros,
                _ => throw new IcebergTableException($"Table {Layout.TableName}: column \"{column.Name}\" is {field.Type.JsonName()} in its Iceberg schema, which cannot hold SparkEtl's {column.Type} values."),
            };
            if (column.Nullable && field.Required)
            {
                throw new IcebergTableException($"Table {Layout.TableName}: column \"{column.Name}\" is required in its Iceberg schema, but SparkEtl writes nulls into it.");
            }

            columns.Add(new ParquetColumn(field.Name, type, !field.Required) { FieldId = field.Id });
        }

        return new ParquetSchema("table", columns);
    }

    private static IcebergDataFile DataFileOf(
        string location, IReadOnlyList<int?> partition, long rows, long size, ParquetSchema schema, IReadOnlyList<ParquetColumnStatistics> statistics, IReadOnlyList<long> offsets, int specId)
    {
        var sizes = new Dictionary<int, long>();
        var values = new Dictionary<int, long>();
        var nulls = new Dictionary<int, long>();
        var nans = new Dictionary<int, long>();
        var lower = new Dictionary<int, byte[]>();
        var upper = new Dictionary<int, byte[]>();
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            var id = column.FieldId!.Value;
            var s = statistics[i];
            sizes[id] = s.CompressedBytes;
            values[id] = s.ValueCount;
            nulls[id] = s.NullCount;
            if (s.NanCount is { } nan)
            {
                nans[id] = nan;
            }

            if (s.Min is null || s.Max is null)
            {
                continue;
            }

            // Parquet's PLAIN bounds are Iceberg's single-value serialization for long, double, timestamps (both
            // 8 bytes little-endian) and strings (UTF-8 without a length); strings are truncated as Iceberg does.
            if (column.Type == ParquetColumnType.String)
            {
                lower[id] = TruncateLower(s.Min);
                if (TruncateUpper(s.Max) is { } max)
                {
                    upper[id] = max;
                }
            }
            else
            {
                lower[id] = s.Min;
                upper[id] = s.Max;
            }
        }

        return new IcebergDataFile(location, partition, rows, size)
        {
            SpecId = specId,
            ColumnSizes = sizes,
            ValueCounts = values,
            NullValueCounts = nulls,
            NanValueCounts = nans,
            LowerBounds = lower,
            UpperBounds = upper,
            SplitOffsets = offsets,
        };
    }

    /// <summary>The first <see cref="StringBoundCharacters"/> characters: a prefix is never greater than the value.</summary>
    internal static byte[] TruncateLower(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var runes = text.EnumerateRunes().ToList();
        return runes.Count <= StringBoundCharacters ? utf8 : Encoding.UTF8.GetBytes(string.Concat(runes.Take(StringBoundCharacters).Select(r => r.ToString())));
    }

    /// <summary>
    /// The first <see cref="StringBoundCharacters"/> characters with the last one incremented, so it is greater than
    /// every value with that prefix; null when no character can be incremented (no upper bound is then kept).
    /// </summary>
    internal static byte[]? TruncateUpper(byte[] utf8)
    {
        var runes = Encoding.UTF8.GetString(utf8).EnumerateRunes().ToList();
        if (runes.Count <= StringBoundCharacters)
        {
            return utf8;
        }

        runes = runes.Take(StringBoundCharacters).ToList();
        for (var i = runes.Count - 1; i >= 0; i--)
        {
            var next = runes[i].Value + 1;
            if (next is >= 0xD800 and <= 0xDFFF)
            {
                next = 0xE000;
            }

            if (next <= 0x10FFFF)
            {
                return Encoding.UTF8.GetBytes(string.Concat(runes.Take(i).Select(r => r.ToString())) + new Rune(next).ToString());
            }
        }

        return null;
    }

    private static SortedDictionary<int, List<int>> GroupByDay<TRow>(TableDefinition<TRow> table, IReadOnlyList<TRow> rows)
    {
        var days = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < rows.Count; i++)
        {
            var time = table.PartitionTimeOf(rows[i]);
            var day = checked((int)(time >= 0 ? time / DayMs : ((time + 1) / DayMs) - 1));
            if (!days.TryGetValue(day, out var list))
            {
                list = [];
                days.Add(day, list);
            }

            list.Add(i);
        }

        return days;
    }
}
