using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Tables;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>The driver's commit step on the shared commit protocol, against local stores.</summary>
public class DriverBatchCommitTests
{
    private static readonly OhlcBar Bar = new(1_700_000_040_000, 1_700_000_100_000, "JIB", "AUTOMOBILE", 44.1, 45.5, 44.0, 45.0, 3, 44.5);

    [Fact]
    public async Task Commit_WritesBarsAndState_RegistersEveryPartition_ThenCommits()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var job = new Job(folder);
        var buckets = FileBuckets.Plan([("trades", 19_675, 10), ("errors", 19_675, 1)], 10);

        var intended = await job.Commit.RecordIntentAsync(4, buckets, [Bar], CancellationToken.None);
        var trades = await job.PutAsync("trades/dt=2023-11-14/part-00000004-000.snappy.parquet", 10);
        var state = new SparkWindowState(job.Settings.Window);
        var written = await job.Commit.CommitAsync(4, intended, [trades], [Bar], state, CancellationToken.None);

        Assert.Equal(
            ["errors/dt=2023-11-14/part-00000004-000.snappy.parquet", "ohlc_1m/dt=2023-11-14/part-00000004-000.snappy.parquet", "trades/dt=2023-11-14/part-00000004-000.snappy.parquet"],
            intended);
        Assert.Equal([trades.Key, "ohlc_1m/dt=2023-11-14/part-00000004-000.snappy.parquet"], written.Select(f => f.Key));
        Assert.True(File.Exists(job.Warehouse.PathOf(written[1].Key)));
        Assert.Equal([("trades", "2023-11-14"), ("ohlc_1m", "2023-11-14")], job.Catalog.Registered);
        Assert.True(await job.Commit.IsCommittedAsync(4, CancellationToken.None));
        Assert.Equal(state.ToJson(), (await job.Commit.LoadStateAsync(5, CancellationToken.None)).ToJson());
    }

    [Fact]
    public async Task Replay_DeletesWhatTheCrashedAttemptWroteAndThisOneDidNot_InAnyPartition()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var job = new Job(folder);

        // Attempt 1: three buckets on two days, then the driver dies before the commit.
        var first = await job.Commit.RecordIntentAsync(2, FileBuckets.Plan([("trades", 19_675, 25), ("errors", 19_676, 1)], 10), [], CancellationToken.None);
        foreach (var key in first)
        {
            await job.PutAsync(key, 1);
        }

        // Attempt 2 (a new run): the same input came out as one bucket of one day.
        var commit = new Job(folder).Commit;
        var second = await commit.RecordIntentAsync(2, FileBuckets.Plan([("trades", 19_675, 10)], 10), [], CancellationToken.None);
        var kept = await job.PutAsync("trades/dt=2023-11-14/part-00000002-000.snappy.parquet", 10);
        await commit.CommitAsync(2, second, [kept], [], new SparkWindowState(job.Settings.Window), CancellationToken.None);

        Assert.Equal(4, first.Count);
        Assert.Equal([kept.Key], Directory.EnumerateFiles(job.Warehouse.FolderPath, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(job.Warehouse.FolderPath, f).Replace(Path.DirectorySeparatorChar, '/')));
        Assert.True(await commit.IsCommittedAsync(2, CancellationToken.None));
    }

    [Fact]
    public async Task Commit_AFileOutsideTheIntent_IsRefusedBeforeAnythingIsCommitted()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var job = new Job(folder);
        var intended = await job.Commit.RecordIntentAsync(1, FileBuckets.Plan([("trades", 19_675, 1)], 10), [], CancellationToken.None);
        var stray = await job.PutAsync("trades/dt=2023-11-14/part-00000001-007.snappy.parquet", 1);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            job.Commit.CommitAsync(1, intended, [stray], [], new SparkWindowState(job.Settings.Window), CancellationToken.None));

        Assert.Contains(stray.Key, e.Message, StringComparison.Ordinal);
        Assert.False(await job.Commit.IsCommittedAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task LoadState_IsEmptyForBatchZero_AndThePreviousBatchsAfter()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var job = new Job(folder);
        var state = await job.Commit.LoadStateAsync(0, CancellationToken.None);
        state.EndBatch([WindowPartial.Of(1_700_000_040_000, "JIB", "AUTOMOBILE", 44.1, new SparkOrderKey(1_700_000_041_000, "1", 0, 0, -1))]);

        await job.Commit.CommitAsync(0, await job.Commit.RecordIntentAsync(0, FileBuckets.Plan([], 10), [], CancellationToken.None), [], [], state, CancellationToken.None);
        var next = await job.Commit.LoadStateAsync(1, CancellationToken.None);

        Assert.Equal(long.MinValue, (await job.Commit.LoadStateAsync(0, CancellationToken.None)).WatermarkMs);
        Assert.Equal(state.ToJson(), next.ToJson());
        Assert.Equal(1_700_000_041_000, next.ArrivalFallbackMs);
    }

    [Fact]
    public async Task LoadState_PreviousBatchMissing_NamesTheKey()
    {
        using var folder = new TempDirectory("sparketl-commit");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new Job(folder).Commit.LoadStateAsync(5, CancellationToken.None));
        Assert.Contains("window-state/00000004.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArrivalFallback_IsTheEpochBeforeAnyEvent() =>
        Assert.Equal(0, new SparkWindowState(new WindowSettings(60_000, 30_000)).ArrivalFallbackMs);

    /// <summary>One run of the job's driver over a folder: local warehouse and checkpoint, a recording catalog.</summary>
    private sealed class Job
    {
        public Job(TempDirectory folder)
        {
            Settings = SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse")));
            Warehouse = new LocalObjectStore(Settings.Warehouse);
            Commit = new DriverBatchCommit(Warehouse, new LocalObjectStore(Settings.CheckpointLocation), Settings, Catalog, Guid.NewGuid().ToString());
        }

        public EtlSettings Settings { get; }

        public LocalObjectStore Warehouse { get; }

        public RecordingCatalog Catalog { get; } = new();

        public DriverBatchCommit Commit { get; }

        // A stand-in for an executor's file: what matters here is its key.
        public async Task<WrittenFile> PutAsync(string key, long rows)
        {
            using var content = new MemoryStream([1, 2, 3]);
            await Warehouse.PutAsync(key, content, CancellationToken.None);
            return new WrittenFile(key[..key.IndexOf('/', StringComparison.Ordinal)], key, key.Split('/')[1][3..], rows, 3);
        }
    }

    private sealed class RecordingCatalog : ITableCatalog
    {
        public List<(string Table, string Partition)> Registered { get; } = [];

        public string Description => "recording";

        public Task<IReadOnlyList<string>> EnsureTablesAsync(IReadOnlyList<TableDefinition> tables, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task AddPartitionsAsync(TableDefinition table, IReadOnlyCollection<string> partitionValues, CancellationToken cancellationToken)
        {
            Registered.AddRange(partitionValues.Select(p => (table.Name, p)));
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
