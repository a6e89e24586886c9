using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>Writes one column's value of <paramref name="row"/> into the Parquet writer at index <paramref name="column"/>.</summary>
public delegate void ColumnValueWriter<TRow>(ParquetFileWriter writer, int column, in TRow row);

/// <summary>A column bound to the row type it is read from, so the column list and the values cannot drift apart.</summary>
public sealed record TableColumnOf<TRow>(string Name, ParquetColumnType Type, bool Nullable, string Comment, ColumnValueWriter<TRow> Write)
    : TableColumn(Name, Type, Nullable, Comment);
