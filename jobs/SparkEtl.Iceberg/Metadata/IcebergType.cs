namespace SparkEtl.Iceberg.Metadata;

/// <summary>The Iceberg primitive types SparkEtl's tables use (Iceberg spec, "Primitive Types").</summary>
public enum IcebergType
{
    /// <summary><c>string</c>: UTF-8 text.</summary>
    String,

    /// <summary><c>long</c>: a signed 64-bit integer.</summary>
    Long,

    /// <summary><c>int</c>: a signed 32-bit integer.</summary>
    Int,

    /// <summary><c>double</c>: an IEEE 754 double.</summary>
    Double,

    /// <summary><c>date</c>: days since 1970-01-01 (the result type of the <c>day</c> transform).</summary>
    Date,

    /// <summary><c>timestamptz</c>: an instant, microseconds since 1970-01-01 00:00:00 UTC.</summary>
    TimestampTz,

    /// <summary><c>timestamp</c>: a date and time without a zone, microseconds since 1970-01-01 00:00:00 (what Athena's Iceberg DDL creates).</summary>
    Timestamp,
}
