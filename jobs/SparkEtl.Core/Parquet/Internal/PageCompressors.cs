namespace SparkEtl.Core.Parquet.Internal;

/// <summary>The explicit map from the public compression option to its page compressor.</summary>
internal static class PageCompressors
{
    public static IPageCompressor Create(ParquetCompression compression) => compression switch
    {
        ParquetCompression.None => new UncompressedPageCompressor(),
        ParquetCompression.Snappy => new SnappyPageCompressor(),
        ParquetCompression.Gzip => new GzipPageCompressor(),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Not a ParquetCompression."),
    };
}
