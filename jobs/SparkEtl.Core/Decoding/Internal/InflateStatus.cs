namespace SparkEtl.Core.Decoding.Internal;

/// <summary>How <see cref="GzipInflater.Inflate"/> ended.</summary>
internal enum InflateStatus
{
    /// <summary>Every member inflated and the final trailer matches the inflated bytes.</summary>
    Inflated,

    /// <summary>zlib rejected the stream (bad header, bad deflate data, CRC or length mismatch).</summary>
    Corrupt,

    /// <summary>The stream ended early or is followed by bytes that are not gzip: the last eight bytes are not the final member's trailer.</summary>
    Truncated,

    /// <summary>The stream inflates past the limit; inflating stopped there.</summary>
    TooLarge,
}
