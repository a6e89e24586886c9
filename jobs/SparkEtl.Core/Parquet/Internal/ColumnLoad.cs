namespace SparkEtl.Core.Parquet.Internal;

/// <summary>
/// What one row group of a column buffered: its rows, and the bytes it stored by size (a string column's text). A
/// table's files are much alike from batch to batch, so a file's column buffers can start as large as the largest load
/// seen before instead of doubling their way there, copying what they hold at each step.
/// </summary>
internal readonly record struct ColumnLoad(int Rows, int Bytes)
{
    public static ColumnLoad Max(ColumnLoad a, ColumnLoad b) => new(Math.Max(a.Rows, b.Rows), Math.Max(a.Bytes, b.Bytes));

    public ColumnLoad AtMost(int rows, int bytes) => new(Math.Min(Rows, rows), Math.Min(Bytes, bytes));
}
