using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Warehouse.Storage;
using SparkEtl.TestSupport;

namespace SparkEtl.Iceberg.Tests;

/// <summary>Iceberg tables in a local folder, written batch by batch and read back by icebird and DuckDB.</summary>
public sealed class LocalWarehouseTests : IDisposable
{
    private static readonly ParquetSettings Parquet = new(ParquetCompression.Snappy, 128L * 1024 * 1024, 1024 * 1024, 25);

    private readonly TempDirectory _temp = new("iceberg-local");
    private readonly LocalObjectStore _store;
    private readonly IcebergTableLayout _layout;

    public LocalWarehouseTests()
    {
        _store = new LocalObjectStore(_temp.Path);
        _layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", IcebergTableLayout.WarehouseUri(_temp.Path));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SeveralBatchesAndAReplay_IcebirdReadsEveryInputRowOnce_AndEveryOlderSnapshotReadsItsPrefix()
    {
        var table = NewTable();
        var batches = Enumerable.Range(0, 4).Select(b => TradeRows.Batch(b, 30 + b)).ToList();
        foreach (var (rows, batch) in batches.Select((r, b) => (r, b)))
        {
            var result = await AppendAsync(table, rows, batch);
            Assert.True(result.Committed);
            Assert.Equal(batch + 1, result.MetadataVersion);
        }

        // A replay of batch 2 (its commit landed, the engine's own commit did not) commits nothing.
        var replay = await AppendAsync(table, batches[2], 2);
        Assert.False(replay.Committed);
        Assert.Equal(4, replay.MetadataVersion);

        var current = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(Expected(batches), current.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));

        for (var version = 1; version <= 4; version++)
        {
            var older = await Icebird.ReadAsync(_layout.Location, $"v{version}.metadata.json");
            Assert.Equal(Expected(batches.Take(version)), older.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
        }

        var state = await table.LoadAsync(CancellationToken.None);
        var snapshot = state!.Metadata.CurrentSnapshot!;
        Assert.Equal("q-local", snapshot.Summary["sparketl.query-id"]);
        Assert.Equal("3", snapshot.Summary["sparketl.batch-id"]);
        Assert.Equal(batches.Sum(b => b.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), snapshot.Summary["total-records"]);
        Assert.Equal("4", File.ReadAllText(Path.Combine(_temp.Path, "trades", "metadata", "version-hint.text")));
    }

    [Fact]
    public async Task DuckDb_ReadsTheDataFilesTheCurrentSnapshotLists_WithFieldIdsAndMicroseconds()
    {
        var table = NewTable();
        var batches = Enumerable.Range(0, 3).Select(b => TradeRows.Batch(b, 40)).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            await AppendAsync(table, batches[b], b);
        }

        var current = await Icebird.ReadAsync(_layout.Location);
        var paths = current.DataFiles.Select(p => new Uri(p).LocalPath).ToList();
        Assert.True(paths.Count >= 6, $"expected several files per batch, got {paths.Count}");
        var list = "[" + string.Join(", ", paths.Select(NodeInterop.SqlString)) + "]";
        var rows = await NodeInterop.DuckDbQueryAsync($"SELECT ticker_symbol, sector, price, event_time, shard_id, sequence_number, sub_sequence, log_group, log_event_id FROM read_parquet({list})");
        Assert.Equal(Expected(batches), rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));

        var schema = await NodeInterop.DuckDbQueryAsync($"SELECT name, field_id, logical_type FROM parquet_schema({NodeInterop.SqlString(paths[0])}) WHERE name = 'event_time'");
        Assert.Equal(4, schema[0].GetProperty("field_id").GetInt32());
        Assert.Contains("MICROS", schema[0].GetProperty("logical_type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashedAttemptLeftovers_AreUnreferenced_AndReconcileDeletesOnlyThem()
    {
        var table = NewTable();
        await AppendAsync(table, TradeRows.Batch(0, 30), 0);

        // Attempt 1 of batch 1 writes files (more parts, other prices) and dies before committing.
        var crashed = await table.WriteBatchAsync(SparkEtlTables.Trades, TradeRows.Batch(1, 90, salt: 7), 1, Parquet, CancellationToken.None);
        // Attempt 2 writes the batch again (fewer rows per partition here), commits, then reconciles.
        var rows = TradeRows.Batch(1, 12);
        var files = await table.WriteBatchAsync(SparkEtlTables.Trades, rows, 1, Parquet, CancellationToken.None);
        Assert.True((await table.CommitBatchAsync(files, "q-local", 1, CancellationToken.None)).Committed);

        var leftovers = await table.FindUnreferencedBatchFilesAsync(1, CancellationToken.None);
        Assert.Equal(
            crashed.Select(f => _layout.KeyOf(f.FilePath)).Except(files.Select(f => _layout.KeyOf(f.FilePath))).Order(StringComparer.Ordinal),
            leftovers.Order(StringComparer.Ordinal));
        Assert.NotEmpty(leftovers);
        Assert.Empty(await table.FindUnreferencedBatchFilesAsync(0, CancellationToken.None));

        await table.DeleteUnreferencedBatchFilesAsync(1, CancellationToken.None);
        Assert.All(leftovers, k => Assert.False(File.Exists(_store.PathOf(k))));
        var current = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(Expected([TradeRows.Batch(0, 30), rows]), current.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RacingWriters_OneTable_EveryBatchCommittedExactlyOnce()
    {
        // Two writers (two table objects, as two processes would have) append different batches at once.
        var writers = new[] { NewTable(), NewTable() };
        var batches = Enumerable.Range(0, 8).Select(b => TradeRows.Batch(b, 10)).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var attempts = new List<int>();
            for (var b = w; b < batches.Count; b += 2)
            {
                var files = await writers[w].WriteBatchAsync(SparkEtlTables.Trades, batches[b], b, Parquet, CancellationToken.None);
                attempts.Add((await writers[w].CommitBatchAsync(files, "q-race-" + w, b, CancellationToken.None)).Attempts);
            }

            return attempts;
        })));

        var state = await writers[0].LoadAsync(CancellationToken.None);
        Assert.Equal(8, state!.Pointer.Version);
        Assert.Equal(8, state.Metadata.CurrentAncestry().Count());
        var current = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(Expected(batches), current.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
        Assert.All(results.SelectMany(r => r), a => Assert.InRange(a, 1, 8));
    }

    private IcebergTable NewTable() => new(_store, _layout, new FileSystemIcebergCatalog(_store, _layout.KeyPrefix));

    private static async Task<IcebergCommitResult> AppendAsync(IcebergTable table, IReadOnlyList<Trade> rows, long batch)
    {
        // The engine's order: a committed batch is not written again; else write, commit, reconcile.
        if (await table.FindBatchSnapshotAsync("q-local", batch, CancellationToken.None) is null)
        {
            var files = await table.WriteBatchAsync(SparkEtlTables.Trades, rows, batch, Parquet, CancellationToken.None);
            var result = await table.CommitBatchAsync(files, "q-local", batch, CancellationToken.None);
            await table.DeleteUnreferencedBatchFilesAsync(batch, CancellationToken.None);
            return result;
        }

        return await table.CommitBatchAsync([], "q-local", batch, CancellationToken.None);
    }

    private static IEnumerable<string> Expected(IEnumerable<IReadOnlyList<Trade>> batches) =>
        batches.SelectMany(b => b).Select(TradeRows.Line).Order(StringComparer.Ordinal);
}
