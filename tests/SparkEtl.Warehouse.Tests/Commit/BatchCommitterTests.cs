using System.Text;
using SparkEtl.Core.Tables;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Warehouse.Tests.Commit;

public sealed class BatchCommitterTests : IDisposable
{
    private static readonly SortedDictionary<string, string> Range = new(StringComparer.Ordinal) { ["sequence"] = "10:0" };
    private static readonly IReadOnlyList<TableDefinition> Tables = [SparkEtlTables.Trades];

    private readonly TempDirectory _folder = new("commit");
    private readonly LocalObjectStore _warehouse;
    private readonly CheckpointLog _checkpoint;

    public BatchCommitterTests()
    {
        _warehouse = new LocalObjectStore(_folder.Combine("w"));
        _checkpoint = new CheckpointLog(new LocalObjectStore(_folder.Combine("w", "_checkpoint")));
    }

    public void Dispose() => _folder.Dispose();

    private BatchCommitter Committer(string run) => new(_checkpoint, _warehouse, new NoTableCatalog(), run);

    private async Task<WrittenFile> PutAsync(string key)
    {
        await _warehouse.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)), CancellationToken.None);
        return new WrittenFile("trades", key, key.Split('/')[1][3..], 1, key.Length);
    }

    private async Task<List<string>> DataKeysAsync() =>
        await _warehouse.ListAsync("trades/", CancellationToken.None).ToListAsync();

    [Fact]
    public async Task Commit_AfterAReplayThatWroteOtherPartitions_DeletesWhatOnlyTheCrashedAttemptWrote()
    {
        var crashed = Committer("run-1");
        await crashed.PlanAsync(new BatchOffsets(0, null, Range, long.MinValue, false), CancellationToken.None);
        await crashed.RecordIntentAsync(0, ["trades/dt=2024-03-15/part-00000000-000.snappy.parquet", "trades/dt=2024-03-16/part-00000000-000.snappy.parquet"], CancellationToken.None);
        await PutAsync("trades/dt=2024-03-15/part-00000000-000.snappy.parquet");
        await PutAsync("trades/dt=2024-03-16/part-00000000-000.snappy.parquet");

        // The replay reads the same records but dates them otherwise: one file lands in another partition.
        var replay = Committer("run-2");
        await replay.RecordIntentAsync(0, ["trades/dt=2024-03-15/part-00000000-000.snappy.parquet", "trades/dt=2024-03-20/part-00000000-000.snappy.parquet"], CancellationToken.None);
        var written = new[]
        {
            await PutAsync("trades/dt=2024-03-15/part-00000000-000.snappy.parquet"),
            await PutAsync("trades/dt=2024-03-20/part-00000000-000.snappy.parquet"),
        };
        var deleted = await replay.CommitAsync(0, written, Tables, state: null, CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(["trades/dt=2024-03-15/part-00000000-000.snappy.parquet", "trades/dt=2024-03-20/part-00000000-000.snappy.parquet"], await DataKeysAsync());
        Assert.Equal("run-2", (await _checkpoint.ReadCommitAsync(0, CancellationToken.None)).RunId);
        Assert.Empty(await _checkpoint.ReadIntentsAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task Plan_WhenAnotherRunPlannedTheBatch_IsRefusedNamingThatRun()
    {
        await Committer("run-1").PlanAsync(new BatchOffsets(3, null, Range, long.MinValue, false), CancellationToken.None);

        var error = await Assert.ThrowsAsync<CheckpointInUseException>(() =>
            Committer("run-2").PlanAsync(new BatchOffsets(3, null, Range, long.MinValue, false), CancellationToken.None));

        Assert.Contains("run run-1 planned batch 3 first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_LosingTheRace_DeletesOnlyItsOwnExtraFilesAndFails()
    {
        var winner = Committer("run-1");
        var loser = Committer("run-2");
        await winner.CommitAsync(5, [await PutAsync("trades/dt=2024-03-15/part-00000005-000.snappy.parquet")], Tables, null, CancellationToken.None);
        var extra = await PutAsync("trades/dt=2024-03-16/part-00000005-000.snappy.parquet");
        var same = await PutAsync("trades/dt=2024-03-15/part-00000005-000.snappy.parquet");

        await Assert.ThrowsAsync<CheckpointInUseException>(() => loser.CommitAsync(5, [extra, same], Tables, null, CancellationToken.None));

        Assert.Equal(["trades/dt=2024-03-15/part-00000005-000.snappy.parquet"], await DataKeysAsync());
        Assert.Equal("run-1", (await _checkpoint.ReadCommitAsync(5, CancellationToken.None)).RunId);
    }

    [Fact]
    public async Task Commit_CarriesTheWindowState_WhichReadsBackAsTheBatchesState()
    {
        var state = new WindowStateSnapshot(42, []) { Shards = [new Core.Aggregation.ShardWatermark("shardId-000000000001", 72, 1000, Ended: false)] };

        await Committer("run-1").CommitAsync(0, [], Tables, state, CancellationToken.None);

        var read = await _checkpoint.ReadStateAsync(0, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(42, read.WatermarkMs);
        Assert.Equal(state.Shards, read.Shards);
    }
}
