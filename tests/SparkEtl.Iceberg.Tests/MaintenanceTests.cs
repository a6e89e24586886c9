using SparkEtl.Core.Configuration;
using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Transform;
using SparkEtl.Iceberg.Catalog;
using SparkEtl.Warehouse.Storage;
using SparkEtl.TestSupport;

namespace SparkEtl.Iceberg.Tests;

/// <summary>Compaction, snapshot expiry and orphan files, checked with icebird.</summary>
public sealed class MaintenanceTests : IDisposable
{
    private static readonly ParquetSettings Parquet = new(ParquetCompression.Snappy, 128L * 1024 * 1024, 1024 * 1024, 10_000);

    private readonly TempDirectory _temp = new("iceberg-maintain");
    private readonly LocalObjectStore _store;
    private readonly IcebergTableLayout _layout;
    private readonly IcebergTable _table;

    public MaintenanceTests()
    {
        _store = new LocalObjectStore(_temp.Path);
        _layout = IcebergTableLayout.For(SparkEtlTables.Trades, "event_time", IcebergTableLayout.WarehouseUri(_temp.Path));
        _table = new IcebergTable(_store, _layout, new FileSystemIcebergCatalog(_store, _layout.KeyPrefix));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Compact_KeepsTheRowsLowersTheFileCount_AndTheOlderSnapshotStillReadsItsFiles()
    {
        var batches = await AppendAsync(6);
        var before = await Icebird.ReadAsync(_layout.Location);

        var result = await _table.CompactAsync(1024 * 1024, Parquet, partitionDays: null, CancellationToken.None);

        Assert.True(result.Committed);
        Assert.Equal(18, result.FilesRewritten);
        Assert.Equal(3, result.FilesWritten);
        var after = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(3, after.DataFiles.Count);
        Assert.Equal(18, before.DataFiles.Count);
        Assert.Equal(Expected(batches), after.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
        var older = await Icebird.ReadAsync(_layout.Location, "v6.metadata.json");
        Assert.Equal(Expected(batches), older.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
        Assert.Equal(before.DataFiles.Order(StringComparer.Ordinal), older.DataFiles.Order(StringComparer.Ordinal));
        var state = await _table.LoadAsync(CancellationToken.None);
        Assert.Equal("replace", state!.Metadata.CurrentSnapshot!.Operation);

        // A second compaction finds nothing small enough in pairs and commits nothing.
        Assert.False((await _table.CompactAsync(1024 * 1024, Parquet, null, CancellationToken.None)).Committed);
    }

    [Fact]
    public async Task Compact_SmallTarget_WritesFilesOfAboutThatSize_AndOnlyInTheNamedDays()
    {
        var batches = await AppendAsync(6);
        var before = await _table.LiveEntriesAsync((await _table.LoadAsync(CancellationToken.None))!.Metadata.CurrentSnapshot!, CancellationToken.None);
        var days = before.Select(e => e.DataFile.Partition[0]!.Value).Distinct().Order().ToList();
        var day = days[0];
        var perDay = before.Where(e => e.DataFile.Partition[0] == day).ToList();
        var target = perDay.Sum(e => e.DataFile.FileSizeInBytes) / 2;

        var result = await _table.CompactAsync(target, Parquet, new HashSet<int> { day }, CancellationToken.None);

        Assert.True(result.Committed);
        var state = await _table.LoadAsync(CancellationToken.None);
        Assert.Equal(result.SnapshotId, state!.Metadata.CurrentSnapshotId);
        var after = await _table.LiveEntriesAsync(state.Metadata.CurrentSnapshot!, CancellationToken.None);
        var written = after.Where(e => e.SnapshotId == result.SnapshotId).ToList();
        Assert.Equal(result.FilesWritten, written.Count);
        Assert.InRange(written.Count, 2, perDay.Count - 1);
        Assert.All(written, e => Assert.Equal(day, e.DataFile.Partition[0]));
        Assert.Equal(perDay.Sum(e => e.DataFile.RecordCount), written.Sum(e => e.DataFile.RecordCount));
        Assert.Equal(
            before.Where(e => e.DataFile.Partition[0] != day).Select(e => e.DataFile.FilePath).Order(StringComparer.Ordinal),
            after.Where(e => e.DataFile.Partition[0] != day).Select(e => e.DataFile.FilePath).Order(StringComparer.Ordinal));
        Assert.Equal(Expected(batches), (await Icebird.ReadAsync(_layout.Location)).Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExpireSnapshots_AfterCompaction_DeletesOnlyWhatNoRetainedSnapshotReaches()
    {
        var batches = await AppendAsync(4);
        await _table.CompactAsync(1024 * 1024, Parquet, null, CancellationToken.None);
        var dataBefore = DataFiles();

        var result = await _table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow.AddMinutes(1), minSnapshotsToKeep: 1, CancellationToken.None);

        Assert.True(result.Committed);
        Assert.Equal(4, result.FilesRewritten);
        var state = await _table.LoadAsync(CancellationToken.None);
        Assert.Single(state!.Metadata.Snapshots);
        var current = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(Expected(batches), current.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
        Assert.Equal(current.DataFiles.Select(p => new Uri(p).LocalPath).Order(StringComparer.Ordinal), DataFiles());
        Assert.True(dataBefore.Count > DataFiles().Count);
    }

    [Fact]
    public async Task RemoveOrphanFiles_DeletesOldUnreferencedFiles_KeepsYoungOnesAndEverythingReferenced()
    {
        var batches = await AppendAsync(2);
        var orphanOld = "trades/data/event_time_day=2023-11-14/part-00000099-000.snappy.parquet";
        var orphanYoung = "trades/metadata/00000000-0000-0000-0000-000000000000-m0.avro";
        await _store.PutAsync(orphanOld, new MemoryStream([1, 2, 3]), CancellationToken.None);
        await _store.PutAsync(orphanYoung, new MemoryStream([4]), CancellationToken.None);
        File.SetLastWriteTimeUtc(_store.PathOf(orphanOld), DateTime.UtcNow.AddDays(-3));

        var result = await _table.RemoveOrphanFilesAsync(
            DateTimeOffset.UtcNow.AddDays(-1),
            (key, _) => Task.FromResult<DateTimeOffset?>(File.GetLastWriteTimeUtc(_store.PathOf(key))),
            CancellationToken.None);

        Assert.Equal([orphanOld], result.DeletedKeys);
        Assert.True(File.Exists(_store.PathOf(orphanYoung)));
        var current = await Icebird.ReadAsync(_layout.Location);
        Assert.Equal(Expected(batches), current.Rows.Select(TradeRows.Line).Order(StringComparer.Ordinal));
    }

    private async Task<List<IReadOnlyList<Trade>>> AppendAsync(int count)
    {
        var batches = Enumerable.Range(0, count).Select(b => TradeRows.Batch(b, 9)).ToList();
        for (var b = 0; b < count; b++)
        {
            var files = await _table.WriteBatchAsync(SparkEtlTables.Trades, batches[b], b, Parquet, CancellationToken.None);
            await _table.CommitBatchAsync(files, "q-maintain", b, CancellationToken.None);
        }

        return batches;
    }

    private List<string> DataFiles() =>
        [.. Directory.EnumerateFiles(_store.PathOf("trades/data"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Expected(IEnumerable<IReadOnlyList<Trade>> batches) =>
        batches.SelectMany(b => b).Select(TradeRows.Line).Order(StringComparer.Ordinal);
}
