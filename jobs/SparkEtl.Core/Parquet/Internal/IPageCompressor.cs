namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Compresses one Parquet page body at a time; the seam between page encoding and the codec. One instance
/// serves one writer (it may keep scratch state between calls) and is not thread-safe.
/// </summary>
internal interface IPageCompressor
{
    /// <summary>The codec recorded in each column chunk's metadata.</summary>
    CompressionCodec Codec { get; }

    /// <summary>
    /// Returns the compressed form of <paramref name="page"/>: either <paramref name="page"/> itself or the
    /// bytes this call wrote to <paramref name="scratch"/> (cleared first). Valid until the next call.
    /// </summary>
    ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> page, PooledByteBuffer scratch);
}
