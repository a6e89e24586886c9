namespace SparkEtl.Core.Parquet.Internal;

/// <summary>What the footer's ColumnChunk/ColumnMetaData says about one written column chunk.</summary>
/// <param name="Type">The physical type.</param>
/// <param name="Encodings">Every encoding used in the chunk (values, levels, dictionary), ascending.</param>
/// <param name="Name">The column name: the single element of path_in_schema.</param>
/// <param name="Codec">The page compression codec.</param>
/// <param name="ValueCount">Values in the chunk, nulls included (the rows of the row group).</param>
/// <param name="TotalUncompressedSize">Page headers plus uncompressed page bodies, in bytes.</param>
/// <param name="TotalCompressedSize">Page headers plus page bodies as written, in bytes.</param>
/// <param name="DataPageOffset">File offset of the first data page.</param>
/// <param name="DictionaryPageOffset">File offset of the dictionary page, or null without one.</param>
/// <param name="Statistics">The chunk's statistics.</param>
/// <param name="EncodingStats">Page counts per page type and encoding.</param>
internal sealed record ColumnChunkMetadata(
    PhysicalType Type,
    IReadOnlyList<ParquetEncoding> Encodings,
    string Name,
    CompressionCodec Codec,
    long ValueCount,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    ChunkStatistics Statistics,
    IReadOnlyList<PageEncodingCount> EncodingStats)
{
    /// <summary>Where the chunk starts: its dictionary page if it has one, else its first data page.</summary>
    public long StartOffset => DictionaryPageOffset ?? DataPageOffset;
}
