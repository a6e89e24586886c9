namespace SparkEtl.Core.Parquet;

/// <summary>How a <see cref="ParquetFileWriter"/> compresses each page (the Parquet CompressionCodec of every column chunk).</summary>
public enum ParquetCompression
{
    /// <summary>Pages are stored as encoded (codec UNCOMPRESSED).</summary>
    None,

    /// <summary>Each page is one raw Snappy block (codec SNAPPY): fast, the usual choice for Athena tables.</summary>
    Snappy,

    /// <summary>Each page is one gzip member (RFC 1952, codec GZIP): smaller and slower than Snappy.</summary>
    Gzip,
}
