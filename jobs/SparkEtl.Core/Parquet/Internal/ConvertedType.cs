namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// Parquet's legacy type annotations (parquet.thrift enum ConvertedType), written beside the logical type
/// for readers that predate logical types.
/// </summary>
internal enum ConvertedType
{
    Utf8 = 0,
    TimestampMillis = 9,
    TimestampMicros = 10,
}
