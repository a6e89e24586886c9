namespace SparkEtl.Iceberg;

/// <summary>
/// A commit lost the race for the table's pointer on every attempt: other writers kept moving it. Nothing was
/// committed by this call. Transient: trying the batch again later is safe (a committed batch is never committed twice).
/// </summary>
public sealed class IcebergCommitConflictException(string message) : IcebergTableException(message, isTransient: true);
