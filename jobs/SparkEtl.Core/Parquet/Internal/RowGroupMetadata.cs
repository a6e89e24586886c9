namespace SparkEtl.Core.Parquet.Internal;

/// <summary>What the footer's RowGroup says about one written row group.</summary>
/// <param name="Columns">One chunk per schema column, in schema order.</param>
/// <param name="RowCount">Rows in the row group.</param>
internal sealed record RowGroupMetadata(IReadOnlyList<ColumnChunkMetadata> Columns, long RowCount)
{
    /// <summary>File offset of the row group's first page.</summary>
    public long FileOffset => Columns[0].StartOffset;

    /// <summary>Sum of the chunks' uncompressed sizes (RowGroup.total_byte_size).</summary>
    public long TotalByteSize => Columns.Sum(c => c.TotalUncompressedSize);

    /// <summary>Sum of the chunks' sizes as written (RowGroup.total_compressed_size).</summary>
    public long TotalCompressedSize => Columns.Sum(c => c.TotalCompressedSize);
}
