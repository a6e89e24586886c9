using System.Buffers.Binary;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Buffered values of a BYTE_ARRAY (STRING) column, UTF-8 encoded straight into one growing buffer in PLAIN layout
/// (4-byte little-endian length, then the bytes), with where each value's entry starts. A value that is the very string
/// of an earlier one is not stored again: its entry is the earlier one's, so the buffer holds the PLAIN values only
/// where no value repeats, and a PLAIN page is written from it run by run. Ordered by unsigned byte-wise comparison, the
/// order of the STRING logical type.
/// </summary>
internal sealed class StringColumnBuffer : ColumnBuffer
{
    // Interned values (symbols, sectors, shard ids, log groups, a record's sequence number) come as the same string
    // instance row after row: a small cache by instance finds the earlier value, whose entry is taken instead of encoding
    // and storing the bytes again, and whose dictionary entry instead of hashing them again. Only a cache: equal strings
    // that are other instances are found by their bytes, so the file is the same either way.
    private const int RecentSlots = 256;

    // A column whose values are new strings row after row (sequence numbers) gains nothing from the cache, and taking an
    // identity hash of each new string costs a runtime call: when fewer than one in sixteen of the first 1,024 values of a
    // chunk are found in it, the chunk stops using it.
    private const int RecentProbeValues = 1024;
    private const int RecentProbeMinHits = RecentProbeValues / 16;

    // The early test of whether the dictionary can pay. It pays only when its page and the indices are smaller than the
    // PLAIN values; when nine in ten of the first 4,096 strings are distinct (sequence numbers, ids), the page alone would
    // be about as large as the values, so the chunk is written PLAIN without hashing the rest. Decided by the values
    // alone, so the same values still give the same file. Not done for 8-byte values: their indices are so much narrower
    // than the values that a dictionary of prices still pays when most of a sample of them is distinct.
    private const int DictionarySampleValues = 4096;
    private const int DictionarySampleMaxEntries = DictionarySampleValues * 9 / 10;

    private readonly PooledByteBuffer _plain = new(64 * 1024);

    // For each value, where its entry (length, then bytes) starts in _plain; an earlier value's when it is that string.
    private readonly PooledValueBuffer<int> _offsets = new();

    // The PLAIN size of all the values, repeats included.
    private long _plainValueBytes;

    // For each value, the index of an earlier value known to be equal to it, or its own index.
    private readonly PooledValueBuffer<int> _sameAs = new();
    private readonly string?[] _recent = new string?[RecentSlots];
    private readonly int[] _recentIndex = new int[RecentSlots];
    private int _recentHits;
    private int _recentJudgedAt = RecentProbeValues;
    private bool _recentOff;
    private ByteArrayDictionary? _dictionary;

    // For each dictionary entry, the first value that has it; and for each entry, the last page that met it, so a page's
    // bounds compare each of its distinct values once instead of every value.
    private readonly PooledValueBuffer<int> _entryFirstValue = new();
    private int[] _entryLastPage = [];
    private int _page;

    public StringColumnBuffer(ParquetColumn column, int index)
        : base(column, index)
    {
    }

    public override long PlainValueBytes => _plainValueBytes;

    public override PhysicalType PhysicalType => PhysicalType.ByteArray;

    public override int FixedPlainSize => 0;

    public override bool WritesLegacyMinMax => false;

    /// <summary>
    /// Appends a value and returns its PLAIN size. Lone surrogates become U+FFFD, as
    /// <see cref="System.Text.Encoding.UTF8"/> does, so the column always holds valid UTF-8.
    /// </summary>
    public int Add(string value)
    {
        var index = _offsets.Count;
        if (_recentOff || (index >= _recentJudgedAt && StopRecent()))
        {
            return AddEncoded(value, index);
        }

        var slot = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value) & (RecentSlots - 1);
        if (ReferenceEquals(_recent[slot], value))
        {
            _recentHits++;
            var earlier = _recentIndex[slot];
            var size = PlainSize(earlier);
            _offsets.Add(_offsets[earlier]);
            _sameAs.Add(_sameAs[earlier]);
            _plainValueBytes += size;
            CountValue();
            return size;
        }

        _recent[slot] = value;
        _recentIndex[slot] = index;
        return AddEncoded(value, index);
    }

    private bool StopRecent()
    {
        _recentJudgedAt = int.MaxValue;
        _recentOff = _recentHits < RecentProbeMinHits;
        return _recentOff;
    }

    private int AddEncoded(string value, int index)
    {
        _sameAs.Add(index);
        var start = _plain.Length;
        var span = _plain.GetSpan(checked(sizeof(int) + System.Text.Encoding.UTF8.GetMaxByteCount(value.Length)));
        var length = System.Text.Encoding.UTF8.GetBytes(value, span[sizeof(int)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        _plain.Advance(sizeof(int) + length);
        _offsets.Add(start);
        _plainValueBytes += sizeof(int) + length;
        CountValue();
        return sizeof(int) + length;
    }

    /// <summary>Appends a value given as UTF-8, which the caller has checked is valid, and returns its PLAIN size.</summary>
    public int AddUtf8(ReadOnlySpan<byte> utf8)
    {
        var start = _plain.Length;
        var span = _plain.GetSpan(checked(sizeof(int) + utf8.Length));
        BinaryPrimitives.WriteInt32LittleEndian(span, utf8.Length);
        utf8.CopyTo(span[sizeof(int)..]);
        _plain.Advance(sizeof(int) + utf8.Length);
        _sameAs.Add(_offsets.Count);
        _offsets.Add(start);
        _plainValueBytes += sizeof(int) + utf8.Length;
        CountValue();
        return sizeof(int) + utf8.Length;
    }

    public override int PlainSize(int valueIndex) => sizeof(int) + ValueLength(_offsets[valueIndex]);

    // Entries that lie one after another in _plain (values that are no repeat) are copied as one run.
    public override void WritePlain(int first, int count, PooledByteBuffer destination)
    {
        var plain = _plain.WrittenSpan;
        var offsets = _offsets.Span.Slice(first, count);
        var i = 0;
        while (i < offsets.Length)
        {
            var start = offsets[i];
            var end = start + sizeof(int) + ValueLength(start);
            for (i++; i < offsets.Length && offsets[i] == end; i++)
            {
                end += sizeof(int) + ValueLength(end);
            }

            destination.Write(plain[start..end]);
        }
    }

    public override bool TryBuildDictionary(
        int maxDictionaryBytes, PooledValueBuffer<int> indices, PooledByteBuffer dictionaryPage, out int entryCount)
    {
        var dictionary = _dictionary ??= new ByteArrayDictionary();
        dictionary.Clear();
        _entryFirstValue.Clear();
        var plain = _plain.WrittenSpan;
        var offsets = _offsets.Span;
        var sameAs = _sameAs.Span;
        var firstIndex = indices.Count;
        for (var i = 0; i < offsets.Length; i++)
        {
            if (i == DictionarySampleValues && dictionary.Count > DictionarySampleMaxEntries)
            {
                entryCount = 0;
                return false;
            }

            if (sameAs[i] != i)
            {
                // An earlier value is this very string: its entry is this one's.
                indices.Add(indices[firstIndex + sameAs[i]]);
                continue;
            }

            var start = offsets[i];
            var bytes = plain.Slice(start + sizeof(int), ValueLength(start));
            if (!dictionary.TryGetIndex(plain, bytes, out var index))
            {
                if (dictionaryPage.Length + sizeof(int) + bytes.Length > maxDictionaryBytes)
                {
                    entryCount = 0;
                    return false;
                }

                index = dictionary.Add(plain, start + sizeof(int), bytes.Length);
                dictionaryPage.Write(plain.Slice(start, sizeof(int) + bytes.Length));
                _entryFirstValue.Add(i);
            }

            indices.Add(index);
        }

        entryCount = dictionary.Count;
        return true;
    }

    public override ValueBounds FindBounds(int first, int count)
    {
        if (count == 0)
        {
            return ValueBounds.None;
        }

        var bounds = new Bounds(Value(first), first);
        for (var i = first + 1; i < first + count; i++)
        {
            bounds.Meet(Value(i), i);
        }

        return bounds.Result;
    }

    public override ValueBounds FindBounds(int first, int count, ReadOnlySpan<int> entries)
    {
        if (count == 0)
        {
            return ValueBounds.None;
        }

        var entryFirstValue = _entryFirstValue.Span;
        if (_entryLastPage.Length < entryFirstValue.Length)
        {
            _entryLastPage = new int[Math.Max(entryFirstValue.Length, 2 * _entryLastPage.Length)];
            _page = 0;
        }

        var lastPage = _entryLastPage;
        var page = ++_page;
        var bounds = new Bounds(Value(entryFirstValue[entries[0]]), entryFirstValue[entries[0]]);
        lastPage[entries[0]] = page;
        foreach (var entry in entries[1..])
        {
            if (lastPage[entry] != page)
            {
                lastPage[entry] = page;
                bounds.Meet(Value(entryFirstValue[entry]), entryFirstValue[entry]);
            }
        }

        return bounds.Result;
    }

    // SequenceCompareTo over bytes is lexicographic with bytes as unsigned, the STRING order.
    public override int Compare(int valueA, int valueB) => Value(valueA).SequenceCompareTo(Value(valueB));

    public override ReadOnlySpan<byte> MinStatistic(int valueIndex, Span<byte> scratch) => Value(valueIndex);

    public override ReadOnlySpan<byte> MaxStatistic(int valueIndex, Span<byte> scratch) => Value(valueIndex);

    public override int StoredBytes => _plain.Length;

    public override void EnsureCapacity(int rows, int bytes)
    {
        base.EnsureCapacity(rows, bytes);
        _plain.EnsureTotalCapacity(bytes);
        _offsets.EnsureCapacity(rows);
        _sameAs.EnsureCapacity(rows);
    }

    public override void Clear()
    {
        base.Clear();
        _plain.Clear();
        _offsets.Clear();
        _plainValueBytes = 0;
        _sameAs.Clear();
        Array.Clear(_recent);
        _recentHits = 0;
        _recentJudgedAt = RecentProbeValues;
        _recentOff = false;
        _dictionary?.Clear();
        _entryFirstValue.Clear();
    }

    public override void Dispose()
    {
        base.Dispose();
        _plain.Dispose();
        _offsets.Dispose();
        _sameAs.Dispose();
        _dictionary?.Dispose();
        _entryFirstValue.Dispose();
    }

    /// <summary>The smallest and largest values met so far, in STRING order, and the first index each was met at.</summary>
    private ref struct Bounds
    {
        private ReadOnlySpan<byte> _min;
        private ReadOnlySpan<byte> _max;
        private int _minIndex;
        private int _maxIndex;

        public Bounds(ReadOnlySpan<byte> value, int valueIndex)
        {
            _min = _max = value;
            _minIndex = _maxIndex = valueIndex;
        }

        public readonly ValueBounds Result => new(_minIndex, _maxIndex, 0);

        public void Meet(ReadOnlySpan<byte> value, int valueIndex)
        {
            if (value.SequenceCompareTo(_min) < 0)
            {
                _min = value;
                _minIndex = valueIndex;
            }
            else if (value.SequenceCompareTo(_max) > 0)
            {
                _max = value;
                _maxIndex = valueIndex;
            }
        }
    }

    private ReadOnlySpan<byte> Value(int valueIndex)
    {
        var start = _offsets[valueIndex];
        return _plain.WrittenSpan.Slice(start + sizeof(int), ValueLength(start));
    }

    // The length an entry starts with.
    private int ValueLength(int entryStart) => BinaryPrimitives.ReadInt32LittleEndian(_plain.WrittenSpan[entryStart..]);
}
