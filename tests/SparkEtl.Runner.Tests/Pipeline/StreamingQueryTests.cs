using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Pipeline;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;
using SparkEtl.Warehouse.Catalog;
using SparkEtl.Warehouse.Checkpoint;
using SparkEtl.Warehouse.Commit;
using SparkEtl.Warehouse.Storage;

namespace SparkEtl.Runner.Tests.Pipeline;

/// <summary>
/// A batch is computed while the one before it is written and committed: the commit protocol's steps must still come
/// in the order they would without that, batch after batch, and a failure while writing must end the run there.
/// </summary>
public class StreamingQueryTests
{
    [Fact]
    public async Task ManyBatches_EachIsPlannedOnlyOnceTheOneBeforeIsCommitted_AndReportedInOrder()
    {
        using var folder = new TempDirectory();
        var probe = new RecordingProbe();
        var reports = new List<long>();

        var summary = await RunAsync(folder, probe, new Listener(reports));

        var steps = probe.Steps;
        var batches = summary.Batches;
        Assert.True(batches >= 8, $"{batches} batches");
        Assert.Equal(Enumerable.Range(0, (int)batches).Select(b => (long)b), reports);
        for (var batch = 0L; batch < batches; batch++)
        {
            var offsets = steps.IndexOf(("after-offsets", batch));
            var files = steps.IndexOf(("after-files", batch));
            var commit = steps.IndexOf(("after-commit", batch));
            Assert.True(offsets >= 0 && offsets < files && files < commit, $"batch {batch}: {string.Join(", ", steps)}");
            if (batch > 0)
            {
                Assert.True(steps.IndexOf(("after-commit", batch - 1)) < offsets, $"batch {batch} planned before {batch - 1} committed: {string.Join(", ", steps)}");
            }
        }
    }

    [Fact]
    public async Task AFailureWhileABatchIsWritten_EndsTheRunWithItsErrorAndNothingAfterItIsPlanned()
    {
        using var folder = new TempDirectory();
        var probe = new RecordingProbe { FailAt = ("after-files", 3) };

        var error = await Assert.ThrowsAsync<IOException>(() => RunAsync(folder, probe, new Listener([])));

        Assert.Equal("disk full at after-files of batch 3", error.Message);
        Assert.Contains(("after-commit", 2L), probe.Steps);
        Assert.DoesNotContain(probe.Steps, s => s.Batch > 3);
        Assert.DoesNotContain(("after-commit", 3L), probe.Steps);
    }

    [Fact]
    public async Task WhileABatchIsWritten_ItsDecodedTradesAreAlreadyBack_SoTwoDecodedBatchesServeTheWholeRun()
    {
        // Writing is slowed so that batch N-1 is still being written when N+1 is decoded: N's decoded trades are in use
        // then, and N-1's must be back already (its files were built from them when it was computed).
        using var folder = new TempDirectory();
        var probe = new RecordingProbe { DelayAt = "after-files" };
        int made = 0;

        var summary = await RunAsync(folder, probe, new Listener([]), query => made = query.DecodedBatchesMade);

        Assert.True(summary.Batches >= 8, $"{summary.Batches} batches");
        Assert.InRange(made, 1, 2);
    }

    // The demo source: 3,000 records over three shards, at most 100 records per shard in a batch (ten or more batches).
    private static async Task<RunSummary> RunAsync(TempDirectory folder, ICommitProbe probe, IProgressListener listener, Action<StreamingQuery>? after = null)
    {
        var layers = new SettingsLayers();
        layers.Set("warehouse", folder.Combine("warehouse"), "test");
        foreach (var (path, value) in new Dictionary<string, string>
        {
            ["source"] = "demo", ["demo.records"] = "3000", ["demo.shards"] = "3", ["demo.shape"] = "raw", ["demo.ratePerSecond"] = "5",
            ["batch.maxRecordsPerShard"] = "100", ["trigger"] = "available-now",
        })
        {
            layers.Set(path, value, "test");
        }

        var settings = EtlSettingsBinder.Bind(layers);
        var warehouse = new LocalObjectStore(settings.Warehouse);
        await using var source = await RecordSources.OpenAsync(settings, CancellationToken.None);
        using var catalog = TableCatalogs.Open(settings, warehouse);
        using var query = new StreamingQuery(
            settings, source, warehouse, new CheckpointLog(new LocalObjectStore(settings.CheckpointLocation)), catalog, backup: null, listener, probe);
        var summary = await query.RunAsync(CancellationToken.None, CancellationToken.None);
        after?.Invoke(query);
        return summary;
    }

    private sealed class RecordingProbe : ICommitProbe
    {
        private readonly List<(string Point, long Batch)> _steps = [];

        public (string Point, long Batch)? FailAt { get; init; }

        /// <summary>A point where every batch waits a while.</summary>
        public string? DelayAt { get; init; }

        public List<(string Point, long Batch)> Steps
        {
            get
            {
                lock (_steps)
                {
                    return [.. _steps];
                }
            }
        }

        public void Reached(string point, long batchId)
        {
            lock (_steps)
            {
                _steps.Add((point, batchId));
            }

            if (FailAt == (point, batchId))
            {
                throw new IOException($"disk full at {point} of batch {batchId}");
            }

            if (point == DelayAt)
            {
                Thread.Sleep(60);
            }
        }

        public void Publishing(string key)
        {
        }
    }

    private sealed class Listener(List<long> reports) : IProgressListener
    {
        public void BatchCompleted(BatchReport report) => reports.Add(report.BatchId);
    }
}
