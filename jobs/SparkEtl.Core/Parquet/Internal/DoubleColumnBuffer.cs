using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Buffered values of a DOUBLE column. Values are kept bit for bit (the dictionary keys on the bits, so
/// -0.0 and +0.0 stay distinct and NaN payloads survive).
/// </summary>
/// <remarks>
/// Statistics follow parquet.thrift's ColumnOrder TYPE_ORDER rules for floating point: min and max never
/// hold NaN (the <see cref="ColumnChunkWriter"/> leaves them out wherever NaN occurs); nan_count is always
/// written; a zero minimum is written as -0.0 and a zero maximum as +0.0, so the bounds hold whichever zeros
/// occur.
/// </remarks>
internal sealed class DoubleColumnBuffer : ColumnBuffer
{
    private readonly PooledValueBuffer<double> _values = new();

    public DoubleColumnBuffer(ParquetColumn column, int index)
        : base(column, index)
    {
    }

    public override long PlainValueBytes => (long)_values.Count * sizeof(double);

    public override PhysicalType PhysicalType => PhysicalType.Double;

    public override int FixedPlainSize => sizeof(double);

    public override bool CountsNaN => true;

    public override bool WritesLegacyMinMax => true;

    public void Add(double value)
    {
        _values.Add(value);
        CountValue();
    }

    public override int PlainSize(int valueIndex) => sizeof(double);

    public override void WritePlain(int first, int count, PooledByteBuffer destination)
    {
        var values = _values.Span.Slice(first, count);
        if (BitConverter.IsLittleEndian)
        {
            destination.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var value in values)
        {
            destination.WriteInt64LittleEndian(BitConverter.DoubleToInt64Bits(value));
        }
    }

    public override bool TryBuildDictionary(
        int maxDictionaryBytes, PooledValueBuffer<int> indices, PooledByteBuffer dictionaryPage, out int entryCount) =>
        Int64Dictionary.TryBuild(MemoryMarshal.Cast<double, long>(_values.Span), maxDictionaryBytes, indices, dictionaryPage, out entryCount);

    public override ValueBounds FindBounds(int first, int count)
    {
        var values = _values.Span.Slice(first, count);
        int minIndex = -1, maxIndex = -1;
        double min = 0, max = 0;
        long nanCount = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (double.IsNaN(value))
            {
                nanCount++;
            }
            else if (minIndex < 0)
            {
                min = max = value;
                minIndex = maxIndex = i;
            }
            else if (value < min)
            {
                min = value;
                minIndex = i;
            }
            else if (value > max)
            {
                max = value;
                maxIndex = i;
            }
        }

        return minIndex < 0
            ? ValueBounds.None with { NanCount = nanCount }
            : new ValueBounds(first + minIndex, first + maxIndex, nanCount);
    }

    public override int Compare(int valueA, int valueB) => _values[valueA].CompareTo(_values[valueB]);

    public override ReadOnlySpan<byte> MinStatistic(int valueIndex, Span<byte> scratch)
    {
        var value = _values[valueIndex];
        return Plain(value == 0 ? -0.0 : value, scratch);
    }

    public override ReadOnlySpan<byte> MaxStatistic(int valueIndex, Span<byte> scratch)
    {
        var value = _values[valueIndex];
        return Plain(value == 0 ? 0.0 : value, scratch);
    }

    public override void EnsureCapacity(int rows, int bytes)
    {
        base.EnsureCapacity(rows, bytes);
        _values.EnsureCapacity(rows);
    }

    public override void Clear()
    {
        base.Clear();
        _values.Clear();
    }

    public override void Dispose()
    {
        base.Dispose();
        _values.Dispose();
    }

    private static ReadOnlySpan<byte> Plain(double value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(scratch, value);
        return scratch[..sizeof(double)];
    }
}
