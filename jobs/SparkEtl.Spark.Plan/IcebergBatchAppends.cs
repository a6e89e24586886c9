using SparkEtl.Core;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The driver's Iceberg part of micro-batch N (<c>table.format=iceberg</c>): for each table in order, exactly once, the
/// batch's rows become one snapshot whose summary carries the query id and N.
/// <list type="number">
/// <item>A table with no rows in the batch is left alone (no empty snapshot), as on the embedded engine.</item>
/// <item>Replay check: when the table's current snapshot chain already holds a snapshot of this query and batch, an
/// earlier attempt committed it before dying (or before Spark's own commit), and nothing is appended.</item>
/// <item>Otherwise the rows are appended with <see cref="IcebergSparkTable.WriteOptions"/>, and the check is run again:
/// the new snapshot must be found, or a replay could not recognise it, and the batch fails instead.</item>
/// </list>
/// Two snapshots of one batch in a chain mean its rows are there twice; that is reported, never passed over.
/// </summary>
/// <param name="tables">The tables, in the order they are appended.</param>
/// <param name="queryId">The streaming query's id (the checkpoint's), the same across restarts.</param>
public sealed class IcebergBatchAppends(IReadOnlyList<IcebergSparkTable> tables, string queryId)
{
    /// <summary>The tables, in the order they are appended.</summary>
    public IReadOnlyList<IcebergSparkTable> Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The query id the snapshots carry.</summary>
    public string QueryId { get; } = !string.IsNullOrEmpty(queryId) ? queryId : throw new ArgumentException("A query id is required.", nameof(queryId));

    /// <summary>
    /// Appends batch <paramref name="batchId"/> to every table that has rows in it (<paramref name="rowsPerTable"/>, by
    /// table name) and does not hold it yet. Returns what happened to each table, in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A table holds the batch twice, or an append left no snapshot of the batch in the table's current chain.
    /// </exception>
    /// <exception cref="SparkEtlException">An append failed; the message names the table, the inner exception says why.</exception>
    public IReadOnlyList<IcebergTableAppend> Run(long batchId, IReadOnlyDictionary<string, long> rowsPerTable, IIcebergSparkSession session)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchId);
        ArgumentNullException.ThrowIfNull(rowsPerTable);
        ArgumentNullException.ThrowIfNull(session);
        var outcomes = new List<IcebergTableAppend>(Tables.Count);
        foreach (var table in Tables)
        {
            if (rowsPerTable.GetValueOrDefault(table.Name) == 0)
            {
                outcomes.Add(new IcebergTableAppend(table.Name, IcebergAppendOutcome.NoRows, null));
                continue;
            }

            if (FindSnapshot(session, table, batchId) is { } committed)
            {
                outcomes.Add(new IcebergTableAppend(table.Name, IcebergAppendOutcome.AlreadyCommitted, committed));
                continue;
            }

            try
            {
                session.Append(table, IcebergSparkTable.WriteOptions(QueryId, batchId));
            }
            catch (Exception e)
            {
                throw new SparkEtlException($"Appending batch {batchId} to {table.Identifier} failed", innerException: e);
            }

            var appended = FindSnapshot(session, table, batchId) ?? throw new InvalidOperationException(
                $"Batch {batchId} was appended to {table.Identifier}, but no snapshot in its current chain carries {IcebergSparkTable.QueryIdKey}={QueryId} " +
                $"and {IcebergSparkTable.BatchIdKey}={batchId}; a replay could not tell that the batch is there. Check that the Iceberg runtime copies " +
                $"'{IcebergSparkTable.SnapshotPropertyPrefix}' write options into the snapshot summary.");
            outcomes.Add(new IcebergTableAppend(table.Name, IcebergAppendOutcome.Appended, appended));
        }

        return outcomes;
    }

    private IcebergBatchSnapshot? FindSnapshot(IIcebergSparkSession session, IcebergSparkTable table, long batchId)
    {
        var rows = session.Query(table.BatchSnapshotSql(QueryId, batchId));
        if (rows.Count > 1)
        {
            throw new InvalidOperationException(
                $"{table.Identifier} holds batch {batchId} of query {QueryId} in {rows.Count} snapshots of its current chain " +
                $"({string.Join(", ", rows.Select(r => IcebergBatchSnapshot.Read(r).SnapshotId))}): its rows are there more than once.");
        }

        return rows.Count == 0 ? null : IcebergBatchSnapshot.Read(rows[0]);
    }
}
