namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// The buffered rows of one column for the row group being built: a definition level per row (nullable
/// columns only) and the non-null values in a type-specific layout. Subclasses add the typed
/// <c>Add</c> and the encoding and statistics hooks the <see cref="ColumnChunkWriter"/> drives.
/// </summary>
internal abstract class ColumnBuffer : IDisposable
{
    private readonly PooledValueBuffer<byte>? _definitionLevels;

    protected ColumnBuffer(ParquetColumn column, int index)
    {
        Column = column;
        Index = index;
        if (column.Nullable)
        {
            _definitionLevels = new PooledValueBuffer<byte>();
        }
    }

    public ParquetColumn Column { get; }

    /// <summary>The column's index in its schema.</summary>
    public int Index { get; }

    /// <summary>Rows buffered, nulls included.</summary>
    public int RowCount { get; private set; }

    /// <summary>Non-null values buffered.</summary>
    public int ValueCount { get; private set; }

    /// <summary>One byte per row, 1 for a value and 0 for null; empty for a REQUIRED column (max definition level 0).</summary>
    public ReadOnlySpan<byte> DefinitionLevels => _definitionLevels is null ? default : _definitionLevels.Span;

    /// <summary>The PLAIN-encoded size of the buffered values.</summary>
    public abstract long PlainValueBytes { get; }

    public abstract PhysicalType PhysicalType { get; }

    /// <summary>The PLAIN size of every value, or 0 when values differ in size (see <see cref="PlainSize"/>).</summary>
    public abstract int FixedPlainSize { get; }

    /// <summary>Whether statistics carry nan_count (floating point only).</summary>
    public virtual bool CountsNaN => false;

    /// <summary>
    /// Whether the deprecated Statistics.min/max are written too: they are defined by signed comparison, so
    /// only for types whose order is signed (not for byte arrays, which order unsigned).
    /// </summary>
    public abstract bool WritesLegacyMinMax { get; }

    /// <summary>The bytes the buffer holds for its values beyond one fixed-size slot a value (a string column's text).</summary>
    public virtual int StoredBytes => 0;

    /// <summary>
    /// Makes room for <paramref name="rows"/> rows and, for values stored by size, <paramref name="bytes"/> bytes, so
    /// that buffering that much copies nothing (see <see cref="ColumnLoad"/>).
    /// </summary>
    public virtual void EnsureCapacity(int rows, int bytes) => _definitionLevels?.EnsureCapacity(rows);

    public void AddNull()
    {
        _definitionLevels!.Add(0);
        RowCount++;
    }

    /// <summary>The PLAIN size of one value.</summary>
    public abstract int PlainSize(int valueIndex);

    /// <summary>Appends values [first, first + count) PLAIN-encoded.</summary>
    public abstract void WritePlain(int first, int count, PooledByteBuffer destination);

    /// <summary>
    /// Builds the dictionary of all buffered values in first-seen order: its entries PLAIN-encoded into
    /// <paramref name="dictionaryPage"/> and one entry index per value into <paramref name="indices"/>.
    /// Gives up (returns false) as soon as the PLAIN entries pass <paramref name="maxDictionaryBytes"/>; a string column
    /// also once its first values turn out nearly all distinct (<see cref="StringColumnBuffer"/>).
    /// </summary>
    public abstract bool TryBuildDictionary(
        int maxDictionaryBytes, PooledValueBuffer<int> indices, PooledByteBuffer dictionaryPage, out int entryCount);

    /// <summary>The bounds of values [first, first + count).</summary>
    public abstract ValueBounds FindBounds(int first, int count);

    /// <summary>
    /// The bounds of values [first, first + count), whose dictionary entries (from the last
    /// <see cref="TryBuildDictionary"/>) are <paramref name="entries"/>. The same bounds as
    /// <see cref="FindBounds(int, int)"/>, though an index may name an equal value elsewhere in the chunk.
    /// </summary>
    public virtual ValueBounds FindBounds(int first, int count, ReadOnlySpan<int> entries) => FindBounds(first, count);

    /// <summary>Compares two values in the column's statistics order.</summary>
    public abstract int Compare(int valueA, int valueB);

    /// <summary>A value as Statistics.min_value bytes (PLAIN, without a length prefix for byte arrays).</summary>
    public abstract ReadOnlySpan<byte> MinStatistic(int valueIndex, Span<byte> scratch);

    /// <summary>A value as Statistics.max_value bytes.</summary>
    public abstract ReadOnlySpan<byte> MaxStatistic(int valueIndex, Span<byte> scratch);

    /// <summary>Forgets the buffered rows, keeping the memory for the next row group.</summary>
    public virtual void Clear()
    {
        _definitionLevels?.Clear();
        RowCount = 0;
        ValueCount = 0;
    }

    public virtual void Dispose() => _definitionLevels?.Dispose();

    /// <summary>Records a row holding a value; subclasses call it after storing the value.</summary>
    protected void CountValue()
    {
        _definitionLevels?.Add(1);
        RowCount++;
        ValueCount++;
    }
}
