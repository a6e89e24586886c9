using SparkEtl.Core;

namespace SparkEtl.Iceberg;

/// <summary>An Iceberg table cannot be read or written as asked: its metadata, its catalog entry or its schema is not what this library can work with.</summary>
public class IcebergTableException : SparkEtlException
{
    public IcebergTableException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, isTransient, innerException)
    {
    }
}
