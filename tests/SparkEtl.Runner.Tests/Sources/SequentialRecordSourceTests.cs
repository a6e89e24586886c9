using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

public class SequentialRecordSourceTests
{
    private static KinesisRecord Record(int shard, int sequence, int bytes) =>
        new($"shardId-{shard:D12}", $"{sequence}", "k", 0, new byte[bytes]);

    private static SequentialRecordSource Over(params KinesisRecord[] records) =>
        new("test", start => records.Select((r, i) => new PositionedRecord(r, new SequentialPosition(i + 1, 0))).Skip((int)start.Count));

    [Fact]
    public async Task ReadBatch_RecordLimitPerShard_CutsWhereAShardIsFull()
    {
        var records = new[] { Record(0, 1, 1), Record(1, 1, 1), Record(0, 2, 1), Record(1, 2, 1), Record(0, 3, 1) };
        await using var source = Over(records);
        var limits = new BatchSettings(MaxRecordsPerShard: 2, MaxBytesPerShard: 1 << 20);

        var first = await source.ReadBatchAsync(null, limits, CancellationToken.None);
        var second = await source.ReadBatchAsync(first.End, limits, CancellationToken.None);

        Assert.Equal(4, first.Records.Count);
        Assert.False(first.EndOfInput);
        Assert.Equal(records[4], Assert.Single(second.Records));
        Assert.True(second.EndOfInput);
        Assert.Equal(SequentialRecordSource.OffsetOf(new SequentialPosition(5, 0)), second.End);
    }

    [Fact]
    public async Task ReadBatch_ByteLimitPerShard_CutsBeforeTheRecordThatWouldPassIt()
    {
        await using var source = Over(Record(0, 1, 600), Record(0, 2, 600), Record(0, 3, 300));
        var limits = new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 1000);

        var first = await source.ReadBatchAsync(null, limits, CancellationToken.None);
        var second = await source.ReadBatchAsync(first.End, limits, CancellationToken.None);

        Assert.Equal(600, first.DataBytes);
        Assert.Equal(2, second.Records.Count);
        Assert.True(second.EndOfInput);
    }

    [Fact]
    public async Task ReadBatch_GzipData_CountsItsInflatedSizeAgainstTheByteLimit()
    {
        // 4,000 bytes of JSON that compress to far less than the 5,000-byte limit: two such records hold 8,000 bytes once inflated.
        var json = System.Text.Encoding.UTF8.GetBytes(new string(' ', 3_993) + "{\"a\":1}");
        byte[] Gzip()
        {
            using var output = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(json);
            }

            return output.ToArray();
        }

        KinesisRecord Compressed(int sequence) => new("shardId-000000000000", $"{sequence}", "k", 0, Gzip());
        await using var source = Over(Compressed(1), Compressed(2), Compressed(3));
        var limits = new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 5_000);

        var first = await source.ReadBatchAsync(null, limits, CancellationToken.None);

        Assert.True(Gzip().Length * 3 < 5_000);
        Assert.Single(first.Records);
        Assert.Equal(Gzip().Length, first.DataBytes);
    }

    [Fact]
    public async Task ReadBatch_RecordLargerThanTheByteLimit_StillGoesAloneSoTheSourceNeverStalls()
    {
        await using var source = Over(Record(0, 1, 5000), Record(0, 2, 10));

        var first = await source.ReadBatchAsync(null, new BatchSettings(100, 1000), CancellationToken.None);

        Assert.Equal(5000, Assert.Single(first.Records).Data.Length);
    }

    [Fact]
    public async Task ReadBatch_EmptySource_EndsAtOnce()
    {
        await using var source = Over();

        var batch = await source.ReadBatchAsync(null, new BatchSettings(10, 1000), CancellationToken.None);

        Assert.Empty(batch.Records);
        Assert.True(batch.EndOfInput);
    }

    [Fact]
    public async Task ReadRange_GivesExactlyTheRecordsOfAPlannedBatch_ThenReadingGoesOnAfterIt()
    {
        var records = Enumerable.Range(1, 10).Select(i => Record(0, i, 1)).ToArray();
        await using var planner = Over(records);
        var first = await planner.ReadBatchAsync(null, new BatchSettings(3, 1000), CancellationToken.None);
        var second = await planner.ReadBatchAsync(first.End, new BatchSettings(3, 1000), CancellationToken.None);

        await using var replayer = Over(records);
        var replayed = await replayer.ReadRangeAsync(first.End, second.End, null, CancellationToken.None);
        var next = await replayer.ReadBatchAsync(replayed.End, new BatchSettings(3, 1000), CancellationToken.None);

        Assert.Equal(second.Records, replayed.Records);
        Assert.Equal(records[6..9], next.Records);
    }

    [Fact]
    public async Task ReadRange_PastTheEndOfTheInput_FailsSayingTheInputChanged()
    {
        await using var source = Over(Record(0, 1, 1));

        var error = await Assert.ThrowsAsync<SparkEtlException>(() =>
            source.ReadRangeAsync(null, SequentialRecordSource.OffsetOf(new SequentialPosition(5, 0)), null, CancellationToken.None).AsTask());

        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaptureFile_ResumedAtAByteOffset_ReadsTheSameRecordsAsReadingOnFromTheStart()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("tickers.ndjson");
        File.WriteAllLines(path, Enumerable.Range(1, 50).Select(i => i % 7 == 0 ? "" : $$"""{"TICKER_SYMBOL":"S{{i}}","PRICE":{{i}}.5}"""));
        await using var whole = new SequentialRecordSource("file", start => CaptureFileReader.ReadFrom(path, start));
        var all = new List<KinesisRecord>();
        var batches = new List<SourceBatch>();
        SourceOffset? after = null;
        while (true)
        {
            var batch = await whole.ReadBatchAsync(after, new BatchSettings(8, 1 << 20), CancellationToken.None);
            batches.Add(batch);
            all.AddRange(batch.Records);
            after = batch.End;
            if (batch.EndOfInput)
            {
                break;
            }
        }

        // A fresh source started at each batch's checkpointed start gives that batch again.
        for (var i = 1; i < batches.Count; i++)
        {
            await using var resumed = new SequentialRecordSource("file", start => CaptureFileReader.ReadFrom(path, start));
            var again = await resumed.ReadRangeAsync(batches[i - 1].End, batches[i].End, null, CancellationToken.None);
            Assert.Equal(batches[i].Records.Select(r => (r.SequenceNumber, r.Data.ToArray())), again.Records.Select(r => (r.SequenceNumber, r.Data.ToArray())));
        }

        Assert.Equal(43, all.Count);
        Assert.Equal(all.Select(r => r.SequenceNumber).Distinct().Count(), all.Count);
    }

    [Fact]
    public async Task CaptureFile_BatchesGivenBackAsTheyEnd_ReadTheSameRecordsAsBatchesKept()
    {
        // Each batch's slabs and record objects are reused as soon as it is given back; the record read past a batch's
        // limit moves to the next batch's slabs, so it is not overwritten with them.
        using var folder = new TempDirectory();
        var path = folder.Combine("tickers.ndjson");
        File.WriteAllLines(path, Enumerable.Range(1, 3_000).Select(Line));
        var (expected, keptObjects, _, _) = await ReadAllAsync(path, giveBack: false);

        var (given, givenObjects, batches, broken) = await ReadAllAsync(path, giveBack: true);

        Assert.Equal(expected.Count, given.Count);
        Assert.All(Enumerable.Range(0, expected.Count), i => Assert.Equal(expected[i], given[i]));
        Assert.All(Enumerable.Range(0, expected.Count), i => Assert.EndsWith($" {Convert.ToHexString(DataOf(Line(i + 1)))}", given[i]));
        Assert.Equal(3_000, keptObjects);
        // Given back, the objects are reused: new ones are only the first two batches' (the first is given back once the
        // second is read), one a batch for the record read past its limit (it moves to the next batch's memory), and
        // those standing for broken lines.
        Assert.InRange(givenObjects, 1, (2 * 7) + batches + broken);
        Assert.InRange(broken, 80, 90);
    }

    // Ticker lines, and Kinesis records whose data is decoded into the batch's memory: plain base64, base64 with its
    // slashes escaped (decoded by the JSON reader instead), data larger than a slab shares, and broken base64.
    private static string Line(int i)
    {
        var ticker = $$"""{"TICKER_SYMBOL":"S{{i}}","PRICE":{{i}}.5,"PAD":"{{new string('x', i % 300)}}"}""";
        var data = Convert.ToBase64String(i % 70 == 0 ? [.. Enumerable.Range(0, 20_000).Select(b => (byte)(b * i))] : System.Text.Encoding.UTF8.GetBytes(ticker));
        return (i % 5) switch
        {
            0 => $$"""{"SequenceNumber":"{{i}}","PartitionKey":"k{{i}}","Data":"{{data}}"}""",
            1 when i % 3 == 0 => $$"""{"SequenceNumber":"{{i}}","Data":"{{data.Replace("/", "\\/", StringComparison.Ordinal)}}"}""",
            2 when i % 7 == 0 => $$"""{"SequenceNumber":"{{i}}","Data":"{{data[1..]}}"}""",
            _ => ticker,
        };
    }

    // The data a line stands for, read independently: a Kinesis record's decoded base64; otherwise the line itself.
    private static byte[] DataOf(string line)
    {
        using var document = System.Text.Json.JsonDocument.Parse(line);
        var data = document.RootElement.TryGetProperty("Data", out var value) ? value.GetString()! : null;
        try
        {
            return data is null ? System.Text.Encoding.UTF8.GetBytes(line) : Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            return System.Text.Encoding.UTF8.GetBytes(line);
        }
    }

    // Reads the file in batches of 7 records or 9,000 bytes through a source with its own memory, writing out each
    // batch's records after the next batch has been read (when the one before it was given back, if giveBack); counts
    // the record objects seen.
    private static async Task<(List<string> Records, int Objects, int Batches, int Broken)> ReadAllAsync(string path, bool giveBack)
    {
        var objects = new HashSet<KinesisRecord>(ReferenceEqualityComparer.Instance);
        var batches = 0;
        var broken = 0;
        string Describe(KinesisRecord r)
        {
            objects.Add(r);
            broken += r.CaptureProblem is null ? 0 : 1;
            return $"{r.ShardId} {r.SequenceNumber} {r.PartitionKey} {r.ApproximateArrivalMs} {r.CaptureProblem} {Convert.ToHexString(r.Data.Span)}";
        }

        var slabs = new SparkEtl.Runner.Sources.Internal.BatchMemory();
        await using var source = new SequentialRecordSource(
            "file", (start, _) => CaptureFileReader.ReadFrom(path, start, 0, slabs), new Dictionary<string, string>(), slabs);
        var read = new List<string>();
        SourceBatch? previous = null;
        SourceOffset? after = null;
        while (true)
        {
            var batch = await source.ReadBatchAsync(after, new BatchSettings(7, 9_000), CancellationToken.None);
            batches++;
            if (previous is not null)
            {
                read.AddRange(previous.Records.Select(Describe));
                if (giveBack)
                {
                    previous.Buffers!.Dispose();
                }
            }

            Assert.NotNull(batch.Buffers);
            previous = batch;
            after = batch.End;
            if (batch.EndOfInput)
            {
                read.AddRange(batch.Records.Select(Describe));
                return (read, objects.Count, batches, broken);
            }
        }
    }
}
