namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Codec SNAPPY: each page is one raw Snappy block (no framing), written by our own
/// <see cref="SnappyCompressor"/>. It is used instead of IronSnappy's encoder, which returns a new array
/// per call (about the size of the page, so on the large object heap) and measured slower.
/// </summary>
internal sealed class SnappyPageCompressor : IPageCompressor
{
    private readonly ushort[] _hashTable = new ushort[SnappyCompressor.HashTableLength];

    public CompressionCodec Codec => CompressionCodec.Snappy;

    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> page, PooledByteBuffer scratch)
    {
        scratch.Clear();
        var written = SnappyCompressor.Compress(page, scratch.GetSpan(SnappyCompressor.MaxCompressedLength(page.Length)), _hashTable);
        scratch.Advance(written);
        return scratch.WrittenSpan;
    }
}
