using System.Buffers.Binary;
using System.Numerics;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Encodes a column's buffered rows as one column chunk (an optional dictionary page, then data pages v1),
/// writes it to the file and returns its metadata. Holds the scratch buffers, so one instance serves a
/// writer's every chunk; not thread-safe.
/// </summary>
/// <remarks>
/// A data page v1 body (parquet-format README, "Data Pages") is: repetition levels (none here: the schema is
/// flat), definition levels for OPTIONAL columns (4-byte little-endian length, then the RLE/bit-packing
/// hybrid at bit width 1), then the values: PLAIN, or for dictionary pages one byte of bit width followed by
/// the indices in the hybrid encoding without a length. The whole body is compressed; the page header is not.
/// Pages start and end on row boundaries.
/// </remarks>
internal sealed class ColumnChunkWriter : IDisposable
{
    /// <summary>
    /// Bounds longer than this are left out of the statistics (the null count stays), so that one long
    /// string cannot bloat every page header and the footer. Arrow's writer has the same default limit.
    /// </summary>
    private const int MaxStatisticsValueBytes = 4096;

    private readonly IPageCompressor _compressor;
    private readonly int _pageTargetBytes;
    private readonly bool _dictionaryEnabled;
    private readonly PooledByteBuffer _page = new(64 * 1024);
    private readonly PooledByteBuffer _compressed = new(64 * 1024);
    private readonly PooledByteBuffer _header = new(256);
    private readonly PooledByteBuffer _dictionaryPage = new(16 * 1024);
    private readonly PooledValueBuffer<int> _indices = new();
    private readonly ThriftCompactWriter _thrift;
    private readonly RleBitPackedHybridEncoder _rle = new();

    public ColumnChunkWriter(IPageCompressor compressor, int pageTargetBytes, bool dictionaryEnabled)
    {
        _compressor = compressor;
        _pageTargetBytes = pageTargetBytes;
        _dictionaryEnabled = dictionaryEnabled;
        _thrift = new ThriftCompactWriter(_header);
    }

    public ColumnChunkMetadata Write(ColumnBuffer column, ParquetFileOutput output)
    {
        var chunk = new ChunkTotals();
        long? dictionaryPageOffset = null;
        if (TryDictionaryEncode(column, out var entryCount, out var bitWidth))
        {
            dictionaryPageOffset = output.Position;
            WriteDictionaryPage(entryCount, output, ref chunk);
        }

        var dataPageOffset = output.Position;
        var levels = column.DefinitionLevels;
        var optional = column.Column.Nullable;
        var targetBits = (long)_pageTargetBytes * 8;
        var fixedBits = bitWidth > 0 ? bitWidth : column.FixedPlainSize * 8L;
        var bounds = ValueBounds.None;
        var dataPages = 0;
        for (int row = 0, value = 0; row < column.RowCount;)
        {
            // Take rows until the page's estimated encoded size reaches the target: a level bit per row
            // for OPTIONAL columns, plus each value's PLAIN size or index width.
            int endRow = row, endValue = value;
            long bits = 0;
            do
            {
                if (optional)
                {
                    bits++;
                }

                if (!optional || levels[endRow] != 0)
                {
                    bits += fixedBits != 0 ? fixedBits : column.PlainSize(endValue) * 8L;
                    endValue++;
                }

                endRow++;
            }
            while (endRow < column.RowCount && bits < targetBits);

            var pageBounds = WriteDataPage(column, row, endRow, value, endValue, bitWidth, output, ref chunk);
            bounds = bounds.Merge(pageBounds, column);
            dataPages++;
            row = endRow;
            value = endValue;
        }

        var encodings = new List<ParquetEncoding>(3) { ParquetEncoding.Plain };
        if (optional)
        {
            encodings.Add(ParquetEncoding.Rle);
        }

        var encodingStats = new List<PageEncodingCount>(2);
        if (dictionaryPageOffset is not null)
        {
            encodings.Add(ParquetEncoding.RleDictionary);
            encodingStats.Add(new PageEncodingCount(PageType.DictionaryPage, ParquetEncoding.Plain, 1));
            encodingStats.Add(new PageEncodingCount(PageType.DataPage, ParquetEncoding.RleDictionary, dataPages));
        }
        else
        {
            encodingStats.Add(new PageEncodingCount(PageType.DataPage, ParquetEncoding.Plain, dataPages));
        }

        return new ColumnChunkMetadata(
            column.PhysicalType,
            encodings,
            column.Column.Name,
            _compressor.Codec,
            column.RowCount,
            chunk.Uncompressed,
            chunk.Compressed,
            dataPageOffset,
            dictionaryPageOffset,
            ChunkStatisticsOf(column, bounds),
            encodingStats);
    }

    public void Dispose()
    {
        _page.Dispose();
        _compressed.Dispose();
        _header.Dispose();
        _dictionaryPage.Dispose();
        _indices.Dispose();
    }

    /// <summary>
    /// Builds the chunk's dictionary if dictionaries are on and it pays: the dictionary must fit in one page
    /// target and, with the indices at their bit width, be smaller than the PLAIN values. The bit width is
    /// that of the largest index, at least 1; 0 when the chunk is not dictionary-encoded.
    /// </summary>
    private bool TryDictionaryEncode(ColumnBuffer column, out int entryCount, out int bitWidth)
    {
        entryCount = 0;
        bitWidth = 0;
        _indices.Clear();
        _dictionaryPage.Clear();
        if (!_dictionaryEnabled || column.ValueCount == 0)
        {
            return false;
        }

        var plainBytes = column.PlainValueBytes;
        var limit = (int)Math.Min(_pageTargetBytes, plainBytes);
        if (!column.TryBuildDictionary(limit, _indices, _dictionaryPage, out entryCount))
        {
            return false;
        }

        var width = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(entryCount - 1)));
        var indexBytes = (((long)column.ValueCount * width) + 7) / 8;
        if (_dictionaryPage.Length + indexBytes >= plainBytes)
        {
            return false;
        }

        bitWidth = width;
        return true;
    }

    private void WriteDictionaryPage(int entryCount, ParquetFileOutput output, ref ChunkTotals chunk)
    {
        var body = _dictionaryPage.WrittenSpan;
        var compressed = _compressor.Compress(body, _compressed);
        _header.Clear();
        ParquetMetadataSerializer.WriteDictionaryPageHeader(_thrift, body.Length, compressed.Length, entryCount);
        WritePage(body.Length, compressed, output, ref chunk);
    }

    private ValueBounds WriteDataPage(
        ColumnBuffer column, int row, int endRow, int value, int endValue, int bitWidth, ParquetFileOutput output, ref ChunkTotals chunk)
    {
        _page.Clear();
        if (column.Column.Nullable)
        {
            var lengthAt = _page.Reserve(sizeof(int));
            _rle.Begin(_page, bitWidth: 1);
            foreach (var level in column.DefinitionLevels[row..endRow])
            {
                _rle.Write(level);
            }

            _rle.End();
            BinaryPrimitives.WriteInt32LittleEndian(_page.WrittenSlice(lengthAt, sizeof(int)), _page.Length - lengthAt - sizeof(int));
        }

        ParquetEncoding encoding;
        if (bitWidth > 0)
        {
            encoding = ParquetEncoding.RleDictionary;
            _page.WriteByte((byte)bitWidth);
            _rle.Begin(_page, bitWidth);
            foreach (var index in _indices.Span[value..endValue])
            {
                _rle.Write(index);
            }

            _rle.End();
        }
        else
        {
            encoding = ParquetEncoding.Plain;
            column.WritePlain(value, endValue - value, _page);
        }

        var bounds = bitWidth > 0
            ? column.FindBounds(value, endValue - value, _indices.Span[value..endValue])
            : column.FindBounds(value, endValue - value);
        var body = _page.WrittenSpan;
        var compressed = _compressor.Compress(body, _compressed);
        Span<byte> minScratch = stackalloc byte[8];
        Span<byte> maxScratch = stackalloc byte[8];
        var statistics = StatisticsOf(column, bounds, (endRow - row) - (endValue - value), minScratch, maxScratch);
        _header.Clear();
        ParquetMetadataSerializer.WriteDataPageHeader(_thrift, body.Length, compressed.Length, endRow - row, encoding, statistics);
        WritePage(body.Length, compressed, output, ref chunk);
        return bounds;
    }

    private void WritePage(int uncompressedBodyLength, ReadOnlySpan<byte> compressedBody, ParquetFileOutput output, ref ChunkTotals chunk)
    {
        var header = _header.WrittenSpan;
        output.Write(header);
        output.Write(compressedBody);
        chunk.Uncompressed += header.Length + uncompressedBodyLength;
        chunk.Compressed += header.Length + compressedBody.Length;
    }

    private static StatisticsValues StatisticsOf(
        ColumnBuffer column, ValueBounds bounds, long nullCount, Span<byte> minScratch, Span<byte> maxScratch)
    {
        long? nanCount = column.CountsNaN ? bounds.NanCount : null;

        // Bounds never include NaN, and are left out altogether where NaN occurs: parquet.thrift allows
        // that (min/max are optional, nan_count says NaN is there), and readers that order NaN above every
        // number but ignore nan_count (DuckDB, Spark) would otherwise skip NaN rows for "x > max".
        if (!bounds.HasValues || bounds.NanCount > 0)
        {
            return new StatisticsValues(nullCount, nanCount, default, default, hasBounds: false, column.WritesLegacyMinMax);
        }

        var min = column.MinStatistic(bounds.MinIndex, minScratch);
        var max = column.MaxStatistic(bounds.MaxIndex, maxScratch);
        var fits = min.Length <= MaxStatisticsValueBytes && max.Length <= MaxStatisticsValueBytes;
        return new StatisticsValues(nullCount, nanCount, min, max, hasBounds: fits, column.WritesLegacyMinMax);
    }

    private static ChunkStatistics ChunkStatisticsOf(ColumnBuffer column, ValueBounds bounds)
    {
        Span<byte> minScratch = stackalloc byte[8];
        Span<byte> maxScratch = stackalloc byte[8];
        var statistics = StatisticsOf(column, bounds, column.RowCount - column.ValueCount, minScratch, maxScratch);
        return new ChunkStatistics(
            statistics.NullCount,
            statistics.NanCount,
            statistics.HasBounds ? statistics.Min.ToArray() : null,
            statistics.HasBounds ? statistics.Max.ToArray() : null,
            statistics.WriteLegacyMinMax);
    }

    private struct ChunkTotals
    {
        public long Uncompressed;
        public long Compressed;
    }
}
