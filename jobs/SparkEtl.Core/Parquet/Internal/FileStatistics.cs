using System.Buffers.Binary;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Merges the column chunks' statistics of every row group into one per column.</summary>
internal static class FileStatistics
{
    public static ParquetColumnStatistics[] Merge(ParquetSchema schema, IReadOnlyList<RowGroupMetadata> rowGroups)
    {
        var result = new ParquetColumnStatistics[schema.Columns.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var type = schema.Columns[i].Type;
            long values = 0, nulls = 0, bytes = 0;
            long? nans = type == ParquetColumnType.Double ? 0 : null;
            byte[]? min = null, max = null;
            var boundsKnown = true;
            foreach (var group in rowGroups)
            {
                var chunk = group.Columns[i];
                var statistics = chunk.Statistics;
                values += chunk.ValueCount;
                nulls += statistics.NullCount;
                nans += statistics.NanCount ?? 0;
                bytes += chunk.TotalCompressedSize;
                if (statistics.Min is null || statistics.Max is null)
                {
                    // A chunk with values but no bounds (too long for the footer) leaves the file's bounds unknown.
                    boundsKnown &= chunk.ValueCount - statistics.NullCount - (statistics.NanCount ?? 0) == 0;
                    continue;
                }

                min = min is null || Compare(type, statistics.Min, min) < 0 ? statistics.Min : min;
                max = max is null || Compare(type, statistics.Max, max) > 0 ? statistics.Max : max;
            }

            result[i] = boundsKnown
                ? new ParquetColumnStatistics(values, nulls, nans, min, max, bytes)
                : new ParquetColumnStatistics(values, nulls, nans, null, null, bytes);
        }

        return result;
    }

    private static int Compare(ParquetColumnType type, byte[] left, byte[] right) => type switch
    {
        ParquetColumnType.String => left.AsSpan().SequenceCompareTo(right),
        ParquetColumnType.Double => CompareDoubles(BinaryPrimitives.ReadDoubleLittleEndian(left), BinaryPrimitives.ReadDoubleLittleEndian(right)),
        _ => BinaryPrimitives.ReadInt64LittleEndian(left).CompareTo(BinaryPrimitives.ReadInt64LittleEndian(right)),
    };

    // -0.0 sorts before +0.0 (IEEE 754 totalOrder); NaN never reaches here (it is not a bound).
    private static int CompareDoubles(double left, double right) =>
        left == 0 && right == 0 ? double.IsNegative(right).CompareTo(double.IsNegative(left)) : left.CompareTo(right);
}
