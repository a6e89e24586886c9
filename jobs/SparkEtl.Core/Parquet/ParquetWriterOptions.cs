namespace SparkEtl.Core.Parquet;

/// <summary>How a <see cref="ParquetFileWriter"/> lays out and compresses a file. The defaults suit Athena tables.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>The page compression codec. Default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>
    /// Bytes buffered in memory before the row group is written, counted as the PLAIN-encoded size of the
    /// buffered values (8 per INT64 or DOUBLE, 4 plus the UTF-8 length per string) plus one byte per row of
    /// each nullable column. Checked after each row, so a row group ends at the first row that reaches it.
    /// Must be positive. Default 128 MiB.
    /// </summary>
    public long RowGroupTargetBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// Encoded (uncompressed) bytes per data page: a page ends at the first row that reaches it, so every page
    /// holds at least one row. Also the largest dictionary page a column chunk may have. Must be positive.
    /// Default 1 MiB.
    /// </summary>
    public int PageTargetBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// When true (the default), each column chunk is dictionary-encoded (a PLAIN dictionary page, then
    /// RLE_DICTIONARY data pages) if its dictionary fits in <see cref="PageTargetBytes"/> and the dictionary plus
    /// the indices are smaller than PLAIN values; otherwise the whole chunk is written PLAIN.
    /// </summary>
    public bool DictionaryEnabled { get; init; } = true;

    /// <summary>
    /// How many threads may encode and compress a row group's column chunks at once; 1 (the default) encodes them one
    /// after another on the calling thread. The file's bytes are the same whatever the value. Must be positive.
    /// </summary>
    public int EncodeParallelism { get; init; } = 1;

    /// <summary>
    /// The footer's created_by. Holds no version or time of its own, so that the same rows and options always
    /// give a byte-identical file. Default <c>SparkEtl</c>.
    /// </summary>
    public string CreatedBy { get; init; } = "SparkEtl";
}
