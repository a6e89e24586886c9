using System.Globalization;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Records;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Iceberg;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Spark.Plan.Tests.Support;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>
/// The replay check's query, run (by DuckDB) over the metadata of a table the embedded engine committed batches to, as
/// Iceberg's <c>snapshots</c> and <c>history</c> metadata tables show it.
/// </summary>
public class IcebergBatchSnapshotSqlTests
{
    private static readonly ParquetSettings Parquet = new(ParquetCompression.Snappy, 1L << 20, 64 << 10, 1000);

    [Fact]
    public async Task OverTheEmbeddedEnginesSnapshots_FindsTheBatchOfTheQueryInTheCurrentChain_AndNothingElse()
    {
        using var folder = new TempDirectory("sparketl-iceberg-check");
        var store = new LocalObjectStore(folder.Path);
        var layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", IcebergTableLayout.WarehouseUri(folder.Path));
        var table = new IcebergTable(store, layout, new FileSystemIcebergCatalog(store, layout.KeyPrefix));
        foreach (var (query, batch, rows) in new[] { ("q-1", 0L, 3), ("q-1", 1L, 5), ("q-2", 1L, 2) })
        {
            var files = await table.WriteBatchAsync(SparkEtlTables.Trades, Trades(batch, rows), batch, Parquet, CancellationToken.None);
            await table.CommitBatchAsync(files, query, batch, CancellationToken.None);
        }

        var metadata = (await table.LoadAsync(CancellationToken.None))!.Metadata;
        var chain = metadata.CurrentAncestry().Select(s => s.SnapshotId).ToHashSet();
        var snapshots = metadata.Snapshots.Select(s => new MetadataTables.Snapshot(s.SnapshotId, s.Summary, chain.Contains(s.SnapshotId))).ToList();
        // A snapshot of batch 2 that was rolled back: still among the table's snapshots, no longer in its current chain.
        snapshots.Add(new MetadataTables.Snapshot(77, MetadataTables.AppendSummary(4, new Dictionary<string, string>
        {
            [IcebergSparkTable.QueryIdKey] = "q-1",
            [IcebergSparkTable.BatchIdKey] = "2",
        }), IsCurrentAncestor: false));

        IcebergBatchSnapshot? Find(string queryId, long batchId) =>
            MetadataTables.Query(snapshots, IcebergSparkTable.BatchSnapshotSql("snapshots", "history", queryId, batchId)).Select(IcebergBatchSnapshot.Read).SingleOrDefault();

        var committed = metadata.Snapshots.Single(s => s.Commits("q-1", 1));
        Assert.Equal(3, chain.Count);
        Assert.Equal(new IcebergBatchSnapshot(committed.SnapshotId, Count(committed.Summary["added-data-files"]), 5, Count(committed.Summary["added-files-size"])), Find("q-1", 1));
        Assert.Equal(metadata.Snapshots.Single(s => s.Commits("q-2", 1)).SnapshotId, Find("q-2", 1)?.SnapshotId);
        Assert.Null(Find("q-1", 2));
        Assert.Null(Find("q-2", 0));
        Assert.Null(Find("q-3", 1));
    }

    private static long Count(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static IReadOnlyList<Trade> Trades(long batch, int count) => [.. Enumerable.Range(0, count).Select(i => new Trade(
        "JIB", "AUTOMOBILE", 44.5 + i, 1_700_000_000_000 + (batch * 60_000) + i,
        new SourcePosition("shardId-000000000000", (4_960 + (batch * 100) + i).ToString(CultureInfo.InvariantCulture), SourcePosition.None, SourcePosition.None),
        null, null, 1_700_000_000_000 + (batch * 60_000) + i))];
}
