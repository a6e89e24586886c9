namespace SparkEtl.Core.Parquet;

/// <summary>The value types a <see cref="ParquetFileWriter"/> column can hold, each with its Parquet physical and logical type.</summary>
public enum ParquetColumnType
{
    /// <summary>
    /// Text: physical type BYTE_ARRAY holding UTF-8, logical type STRING (converted type UTF8).
    /// Written with <see cref="ParquetFileWriter.WriteString"/>.
    /// </summary>
    String,

    /// <summary>A signed 64-bit integer: physical type INT64, no annotation. Written with <see cref="ParquetFileWriter.WriteInt64"/>.</summary>
    Int64,

    /// <summary>An IEEE 754 double: physical type DOUBLE. Written with <see cref="ParquetFileWriter.WriteDouble"/>.</summary>
    Double,

    /// <summary>
    /// An instant as milliseconds since the Unix epoch (UTC): physical type INT64, logical type
    /// TIMESTAMP(isAdjustedToUTC = true, unit = MILLIS) and converted type TIMESTAMP_MILLIS.
    /// Written with <see cref="ParquetFileWriter.WriteInt64"/>.
    /// </summary>
    TimestampMillis,

    /// <summary>
    /// An instant as microseconds since the Unix epoch (UTC): physical type INT64, logical type
    /// TIMESTAMP(isAdjustedToUTC = true, unit = MICROS) and converted type TIMESTAMP_MICROS. Iceberg's
    /// <c>timestamptz</c>. Written with <see cref="ParquetFileWriter.WriteInt64"/> (microseconds) or
    /// <see cref="ParquetFileWriter.WriteTimestampMillis"/> (milliseconds, scaled on write).
    /// </summary>
    TimestampMicros,

    /// <summary>
    /// A date and time without a zone as microseconds since 1970-01-01 00:00:00: physical type INT64, logical type
    /// TIMESTAMP(isAdjustedToUTC = false, unit = MICROS), no converted type (TIMESTAMP_MICROS implies UTC).
    /// Iceberg's <c>timestamp</c>, which Athena's Iceberg DDL creates. Written as <see cref="TimestampMicros"/> is.
    /// </summary>
    LocalTimestampMicros,
}
