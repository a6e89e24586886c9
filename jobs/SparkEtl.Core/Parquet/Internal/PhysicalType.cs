namespace SparkEtl.Core.Parquet.Internal;

/// <summary>Parquet's physical types (parquet.thrift enum Type); the writer uses the three below.</summary>
internal enum PhysicalType
{
    Int64 = 2,
    Double = 5,
    ByteArray = 6,
}
