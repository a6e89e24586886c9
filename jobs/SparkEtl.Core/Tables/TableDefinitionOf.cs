using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tables;

/// <summary>A table whose rows are <typeparamref name="TRow"/> values.</summary>
public sealed class TableDefinition<TRow> : TableDefinition
{
    private readonly TableColumnOf<TRow>[] _columns;
    private readonly PartitionTime _partitionTime;

    /// <summary>Gives the epoch-ms UTC time whose day is a row's <c>dt</c> partition.</summary>
    public delegate long PartitionTime(in TRow row);

    public TableDefinition(string name, string description, IReadOnlyList<TableColumnOf<TRow>> columns, PartitionTime partitionTime)
        : base(name, description, columns)
    {
        _columns = [.. columns];
        _partitionTime = partitionTime;
    }

    /// <summary>The epoch-ms time that decides the row's partition.</summary>
    public long PartitionTimeOf(in TRow row) => _partitionTime(row);

    /// <summary>Writes every column of one row and ends it.</summary>
    public void WriteRow(ParquetFileWriter writer, in TRow row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Write(writer, i, row);
        }

        writer.EndRow();
    }
}
