using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Buffered values of an INT64 column (Int64 and TimestampMillis), ordered by signed comparison.</summary>
internal sealed class Int64ColumnBuffer : ColumnBuffer
{
    private readonly PooledValueBuffer<long> _values = new();

    public Int64ColumnBuffer(ParquetColumn column, int index)
        : base(column, index)
    {
    }

    public override long PlainValueBytes => (long)_values.Count * sizeof(long);

    public override PhysicalType PhysicalType => PhysicalType.Int64;

    public override int FixedPlainSize => sizeof(long);

    public override bool WritesLegacyMinMax => true;

    public void Add(long value)
    {
        _values.Add(value);
        CountValue();
    }

    public override int PlainSize(int valueIndex) => sizeof(long);

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
            destination.WriteInt64LittleEndian(value);
        }
    }

    public override bool TryBuildDictionary(
        int maxDictionaryBytes, PooledValueBuffer<int> indices, PooledByteBuffer dictionaryPage, out int entryCount) =>
        Int64Dictionary.TryBuild(_values.Span, maxDictionaryBytes, indices, dictionaryPage, out entryCount);

    public override ValueBounds FindBounds(int first, int count)
    {
        if (count == 0)
        {
            return ValueBounds.None;
        }

        var values = _values.Span.Slice(first, count);
        int minIndex = 0, maxIndex = 0;
        long min = values[0], max = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            var value = values[i];
            if (value < min)
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

        return new ValueBounds(first + minIndex, first + maxIndex, 0);
    }

    public override int Compare(int valueA, int valueB) => _values[valueA].CompareTo(_values[valueB]);

    public override ReadOnlySpan<byte> MinStatistic(int valueIndex, Span<byte> scratch) => Plain(_values[valueIndex], scratch);

    public override ReadOnlySpan<byte> MaxStatistic(int valueIndex, Span<byte> scratch) => Plain(_values[valueIndex], scratch);

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

    private static ReadOnlySpan<byte> Plain(long value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt64LittleEndian(scratch, value);
        return scratch[..sizeof(long)];
    }
}
