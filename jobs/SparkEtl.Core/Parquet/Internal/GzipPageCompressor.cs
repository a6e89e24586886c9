using System.IO.Compression;

namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Codec GZIP: each page is one gzip member (RFC 1952) from <see cref="GZipStream"/> at its default level.
/// The runtime's zlib writes no time or file name into the header, so the bytes depend only on the page and
/// the runtime's zlib (same runtime and OS, same bytes).
/// </summary>
internal sealed class GzipPageCompressor : IPageCompressor
{
    public CompressionCodec Codec => CompressionCodec.Gzip;

    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> page, PooledByteBuffer scratch)
    {
        scratch.Clear();
        using (var target = new PooledByteBufferStream(scratch))
        using (var gzip = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(page);
        }

        return scratch.WrittenSpan;
    }
}
