namespace SparkEtl.Core.Parquet;

/// <summary>
/// What a completed <see cref="ParquetFileWriter"/> knows about one column across all its row groups, as table
/// formats that keep per-file metrics (Iceberg manifests) want them.
/// </summary>
/// <param name="ValueCount">Rows, nulls and NaNs included.</param>
/// <param name="NullCount">Null values.</param>
/// <param name="NanCount">NaN values of a Double column; null for other types.</param>
/// <param name="Min">
/// The smallest non-null, non-NaN value in PLAIN encoding (8 bytes little-endian for INT64 and DOUBLE, the
/// UTF-8 bytes of a string without a length), or null when there is none or the footer left it out (longer than
/// 4096 bytes). A zero Double minimum is -0.0.
/// </param>
/// <param name="Max">The largest such value, encoded as <paramref name="Min"/>; a zero Double maximum is +0.0.</param>
/// <param name="CompressedBytes">The column chunks' bytes in the file (page headers and bodies), summed over row groups.</param>
public sealed record ParquetColumnStatistics(long ValueCount, long NullCount, long? NanCount, byte[]? Min, byte[]? Max, long CompressedBytes);
