namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Parquet's page compression codecs (parquet.thrift enum CompressionCodec); the writer uses these.</summary>
internal enum CompressionCodec
{
    Uncompressed = 0,
    Snappy = 1,
    Gzip = 2,
}
