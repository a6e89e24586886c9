namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Codec UNCOMPRESSED: the page is stored as encoded, without a copy.</summary>
internal sealed class UncompressedPageCompressor : IPageCompressor
{
    public CompressionCodec Codec => CompressionCodec.Uncompressed;

    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> page, PooledByteBuffer scratch) => page;
}
