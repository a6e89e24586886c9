namespace SparkEtl.Core.Tables;

/// <summary>
/// The files one batch will write for one table, decided before any is written: which rows go to which key. The commit
/// protocol records the keys (<see cref="Keys"/>) before the first file is put, so a later attempt can find them.
/// </summary>
public sealed class TableWritePlan<TRow>
{
    internal TableWritePlan(TableDefinition<TRow> table, IReadOnlyList<TRow> rows, long batchId, IReadOnlyList<PlannedFile> files)
    {
        Table = table;
        Rows = rows;
        BatchId = batchId;
        Files = files;
    }

    public TableDefinition<TRow> Table { get; }

    public long BatchId { get; }

    /// <summary>The files, in the order they are written: partitions in day order, then parts.</summary>
    public IReadOnlyList<PlannedFile> Files { get; }

    /// <summary>The warehouse keys the plan writes.</summary>
    public IEnumerable<string> Keys => Files.Select(f => f.Key);

    internal IReadOnlyList<TRow> Rows { get; }
}
