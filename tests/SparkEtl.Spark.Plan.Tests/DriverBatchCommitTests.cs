using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Storage;
using SparkEtl.Core.Tables;
using SparkEtl.TestSupport;

namespace SparkEtl.Spark.Plan.Tests;

public class DriverBatchCommitTests
{
    private static readonly OhlcBar Bar = new(1_700_000_040_000, 1_700_000_100_000, "JIB", "AUTOMOBILE", 44.1, 45.5, 44.0, 45.0, 3, 44.5);

    [Fact]
    public async Task Commit_WritesTheBars_RegistersEveryFile_ThenSavesTheState()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var (settings, warehouse, checkpoint) = Open(folder);
        WrittenFile executorFile = new("trades", "trades/dt=2023-11-14/part-00000004-001.snappy.parquet", "2023-11-14", 10, 1_000);
        var registered = new List<(IReadOnlyList<WrittenFile> Files, bool StateSaved)>();
        var commit = new DriverBatchCommit(warehouse, checkpoint, settings, async (files, ct) =>
            registered.Add((files, await checkpoint.GetAsync(DriverBatchCommit.WindowStateKey(4), ct) is not null)));
        var state = new SparkWindowState(settings.Window);

        var written = await commit.CommitAsync(4, [executorFile], [Bar], state, CancellationToken.None);

        var bars = Assert.Single(written, f => f.Table == "ohlc_1m");
        Assert.Equal("ohlc_1m/dt=2023-11-14/part-00000004-000.snappy.parquet", bars.Key);
        Assert.NotNull(await warehouse.GetAsync(bars.Key, CancellationToken.None));
        var (files, stateSaved) = Assert.Single(registered);
        Assert.Equal([executorFile, bars], files);
        Assert.False(stateSaved);
        Assert.Equal(state.ToJson(), System.Text.Encoding.UTF8.GetString((await checkpoint.GetAsync(DriverBatchCommit.WindowStateKey(4), CancellationToken.None))!));
    }

    [Fact]
    public async Task LoadState_IsEmptyForBatchZero_AndThePreviousBatchsAfter()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var (settings, warehouse, checkpoint) = Open(folder);
        var commit = new DriverBatchCommit(warehouse, checkpoint, settings, (_, _) => Task.CompletedTask);
        var state = await commit.LoadStateAsync(0, CancellationToken.None);
        state.EndBatch([WindowPartial.Of(1_700_000_040_000, "JIB", "AUTOMOBILE", 44.1, new SparkOrderKey(1_700_000_041_000, "1", 0, 0, -1))]);

        await commit.CommitAsync(0, [], [], state, CancellationToken.None);
        var next = await commit.LoadStateAsync(1, CancellationToken.None);

        Assert.Equal(long.MinValue, (await commit.LoadStateAsync(0, CancellationToken.None)).WatermarkMs);
        Assert.Equal(state.ToJson(), next.ToJson());
        Assert.Equal(1_700_000_041_000, next.ArrivalFallbackMs);
    }

    [Fact]
    public async Task LoadState_PreviousBatchMissing_NamesTheKey()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var (settings, warehouse, checkpoint) = Open(folder);
        var commit = new DriverBatchCommit(warehouse, checkpoint, settings, (_, _) => Task.CompletedTask);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => commit.LoadStateAsync(5, CancellationToken.None));
        Assert.Contains("window-state/00000004.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_Replayed_WritesTheSameKeysAndBytes()
    {
        using var folder = new TempDirectory("sparketl-commit");
        var (settings, warehouse, checkpoint) = Open(folder);
        var commit = new DriverBatchCommit(warehouse, checkpoint, settings, (_, _) => Task.CompletedTask);

        var first = await commit.CommitAsync(2, [], [Bar], new SparkWindowState(settings.Window), CancellationToken.None);
        var bytes = await warehouse.GetAsync(first[0].Key, CancellationToken.None);
        var second = await commit.CommitAsync(2, [], [Bar], new SparkWindowState(settings.Window), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(bytes, await warehouse.GetAsync(second[0].Key, CancellationToken.None));
    }

    [Fact]
    public void ArrivalFallback_IsTheEpochBeforeAnyEvent() =>
        Assert.Equal(0, new SparkWindowState(new WindowSettings(60_000, 30_000)).ArrivalFallbackMs);

    private static (EtlSettings Settings, IObjectStore Warehouse, IObjectStore Checkpoint) Open(TempDirectory folder)
    {
        var settings = SparkJobSettings.Bind(("warehouse", folder.Combine("warehouse")));
        return (settings, ObjectStores.Open("warehouse", settings.Warehouse, settings.Aws), ObjectStores.Open("checkpoint", settings.CheckpointLocation, settings.Aws));
    }
}
