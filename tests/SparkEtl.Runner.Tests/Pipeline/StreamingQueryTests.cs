using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Backup;
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
        // Writing N-1 waits until N+1 has been read (and is decoded): N's decoded trades are in use then, and N-1's must
        // be back already (its files were built from them when it was computed).
        using var folder = new TempDirectory();
        var probe = new RecordingProbe { HoldAt = "after-files" };
        int made = 0;

        var summary = await RunAsync(folder, probe, new Listener([]), query => made = query.DecodedBatchesMade);

        Assert.True(summary.Batches >= 8, $"{summary.Batches} batches");
        Assert.InRange(made, 1, 2);
    }

    [Fact]
    public async Task WhileABatchWaitsToBeWritten_TheNextBatchesAreRead_AndItsRawBackupStillHoldsItsOwnRecords()
    {
        // A capture file read into reused memory: a batch's records must stay its own until it is written, though its
        // decoded trades go back early and later batches are read meanwhile.
        using var folder = new TempDirectory();
        var lines = Enumerable.Range(0, 1_200).Select(CaptureLine).ToList();
        var input = folder.Combine("capture.jsonl");
        await File.WriteAllLinesAsync(input, lines);
        var probe = new RecordingProbe { HoldAt = "after-offsets" };

        var summary = await RunAsync(folder, probe, new Listener([]), settings: new()
        {
            ["source"] = $"file:{input}", ["batch.maxRecordsPerShard"] = "50", ["trigger"] = "available-now", ["backup.enabled"] = "true",
        });

        Assert.True(summary.Batches >= 20, $"{summary.Batches} batches");
        var backedUp = new List<string>();
        foreach (var part in Directory.EnumerateFiles(folder.Combine("warehouse", "raw_backup"), "*.jsonl.gz", SearchOption.AllDirectories))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(part), CompressionMode.Decompress));
            while (await reader.ReadLineAsync() is { } line)
            {
                backedUp.Add(SequenceAndData(line));
            }
        }

        Assert.Equal(lines.Select(SequenceAndData).Order(StringComparer.Ordinal), backedUp.Order(StringComparer.Ordinal));
    }

    private static string CaptureLine(int i)
    {
        var ticker = string.Create(CultureInfo.InvariantCulture, $"{{\"TICKER_SYMBOL\":\"S{i % 13}\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":0.5,\"PRICE\":{10 + (i % 90)}.25}}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"ShardId\":\"shardId-000000000000\",\"SequenceNumber\":\"{49_000_000_000L + i}\",\"ApproximateArrivalTimestamp\":{1_710_513_000 + (i / 10)}.5,\"PartitionKey\":\"k{i % 7}\",\"Data\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(ticker))}\"}}");
    }

    private static string SequenceAndData(string line)
    {
        using var record = JsonDocument.Parse(line);
        return record.RootElement.GetProperty("SequenceNumber").GetString() + " " + record.RootElement.GetProperty("Data").GetString();
    }

    // The demo source: 3,000 records over three shards, at most 100 records per shard in a batch (ten or more batches).
    private static async Task<RunSummary> RunAsync(
        TempDirectory folder, ICommitProbe probe, IProgressListener listener, Action<StreamingQuery>? after = null, Dictionary<string, string>? settings = null)
    {
        var layers = new SettingsLayers();
        layers.Set("warehouse", folder.Combine("warehouse"), "test");
        foreach (var (path, value) in settings ?? new Dictionary<string, string>
        {
            ["source"] = "demo", ["demo.records"] = "3000", ["demo.shards"] = "3", ["demo.shape"] = "raw", ["demo.ratePerSecond"] = "5",
            ["batch.maxRecordsPerShard"] = "100", ["trigger"] = "available-now",
        })
        {
            layers.Set(path, value, "test");
        }

        var bound = EtlSettingsBinder.Bind(layers);
        var warehouse = new LocalObjectStore(bound.Warehouse);
        await using var source = new CountingSource(await RecordSources.OpenAsync(bound, CancellationToken.None));
        if (probe is RecordingProbe recording)
        {
            recording.Reads = source;
        }

        using var catalog = TableCatalogs.Open(bound, warehouse);
        var backup = bound.Backup.Enabled ? new RawRecordBackup(warehouse, bound.Backup.Prefix) : null;
        using var query = new StreamingQuery(
            bound, source, warehouse, new CheckpointLog(new LocalObjectStore(bound.CheckpointLocation)), catalog, backup, listener, probe);
        var summary = await query.RunAsync(CancellationToken.None, CancellationToken.None);
        after?.Invoke(query);
        return summary;
    }

    private sealed class RecordingProbe : ICommitProbe
    {
        private readonly List<(string Point, long Batch)> _steps = [];

        public (string Point, long Batch)? FailAt { get; init; }

        /// <summary>
        /// A point where batch N waits until the source has read N+2 (or reached its end): the engine reads N+2 while N+1
        /// is computed, so whatever N still holds then must not be what later batches reuse.
        /// </summary>
        public string? HoldAt { get; init; }

        public CountingSource? Reads { get; set; }

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

            if (point == HoldAt && Reads is { } reads)
            {
                // Batch N is the source's read N+1 (from one); a run that ends earlier has nothing more to wait for.
                SpinWait.SpinUntil(() => reads.Batches >= batchId + 3 || reads.Ended, TimeSpan.FromSeconds(30));
            }
        }

        public void Publishing(string key)
        {
        }
    }

    /// <summary>A source that counts the batches read through it and notes when one ends the input.</summary>
    private sealed class CountingSource(IRecordSource inner) : IRecordSource
    {
        private int _batches;
        private volatile bool _ended;

        public int Batches => Volatile.Read(ref _batches);

        public bool Ended => _ended;

        public string Description => inner.Description;

        public async ValueTask<SourceBatch> ReadBatchAsync(SourceOffset? after, BatchSettings limits, CancellationToken cancellationToken)
        {
            var batch = await inner.ReadBatchAsync(after, limits, cancellationToken);
            _ended |= batch.EndOfInput;
            Interlocked.Increment(ref _batches);
            return batch;
        }

        public ValueTask<SourceBatch> ReadRangeAsync(
            SourceOffset? after, SourceOffset through, IReadOnlyDictionary<string, string>? assigned, CancellationToken cancellationToken) =>
            inner.ReadRangeAsync(after, through, assigned, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Listener(List<long> reports) : IProgressListener
    {
        public void BatchCompleted(BatchReport report) => reports.Add(report.BatchId);
    }
}
