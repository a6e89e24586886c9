using System.Text;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

/// <summary>
/// Counts what one thread allocates while a file source reads plain NDJSON lines, or GetRecords lines as the capture
/// tools write them, into batches (after a first read has warmed the code): per line, the line's own bytes (a record's
/// decoded data), its <c>KinesisRecord</c>, its sequence-number string and its place in the batch, and nothing else
/// (no parsed document, no string of a shard id or partition key that came before). An array per line (24 bytes of header on top of its bytes) or a batch list that grows by
/// copying (its arrays add up to twice its capacity) takes the bytes past the bound.
/// </summary>
public class FileSourceAllocationTests
{
    private const int Lines = 60_000;

    // A KinesisRecord is 72 bytes on a 64-bit runtime, a sequence number of up to 5 digits a 32-byte string.
    private const int KeptPerLine = 72 + 32;

    // The batch's 8-byte references in their blocks, the first block's growth and the last one's unused tail (about 11
    // bytes a record in batches of 30,000), the slabs' tails, and what each open of the file allocates.
    private const int SlackPerLine = 16;

    private static readonly BatchSettings Limits = new(MaxRecordsPerShard: Lines / 2, MaxBytesPerShard: 1 << 30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadBatches_PlainLines_AllocateTheLinesAndTheirRecordsOnly(bool folder)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("ticks.jsonl");
        var lineBytes = await WriteLinesAsync(path);
        var location = folder ? directory.Path : path;

        await ReadAllAsync(location);
        var (allocated, records) = await ReadAllAsync(location);

        var perLine = (double)allocated / records;
        var bound = (double)lineBytes / Lines + KeptPerLine + SlackPerLine;
        Assert.Equal(Lines, records);
        Assert.True(perLine < bound, $"{allocated:N0} bytes allocated over {records:N0} lines ({perLine:F1} per line, at most {bound:F1} expected)");
    }

    [Fact]
    public async Task ReadBatches_GetRecordsLines_AllocateTheirDataRecordsAndSequenceNumbersOnly()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("capture.jsonl");
        var dataBytes = await WriteGetRecordsLinesAsync(path);

        await ReadAllAsync(path);
        var (allocated, records) = await ReadAllAsync(path);

        // A KinesisRecord holding a sequence number as a string is 96 bytes; a 55-digit sequence number is a 136-byte string.
        var perLine = (double)allocated / records;
        var bound = (double)dataBytes / Lines + 96 + 136 + SlackPerLine;
        Assert.Equal(Lines, records);
        Assert.True(perLine < bound, $"{allocated:N0} bytes allocated over {records:N0} lines ({perLine:F1} per line, at most {bound:F1} expected)");
    }

    private static async Task<long> WriteGetRecordsLinesAsync(string path)
    {
        var data = Enumerable.Range(0, Lines).Select(i => Encoding.UTF8.GetBytes(
            $$"""{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":{{40 + (i % 1000) / 100.0}},"EVENT_TIME":{{1_700_000_000_000L + i}}}""")).ToList();
        await File.WriteAllLinesAsync(path, data.Select((bytes, i) =>
            $$"""{"ShardId":"shardId-00000000000{{i % 4}}","SequenceNumber":"{{49_610_010_000_000_000L + i}}{{new string('0', 38)}}","ApproximateArrivalTimestamp":{{1_700_000_000 + (i / 1000)}}.{{i % 1000:D3}},"PartitionKey":"{{(i % 3 == 0 ? "JIB" : "WMT")}}","Data":"{{Convert.ToBase64String(bytes)}}"}"""));
        return data.Sum(d => (long)d.Length);
    }

    private static async Task<long> WriteLinesAsync(string path)
    {
        var lines = Enumerable.Range(0, Lines).Select(i =>
            $$"""{"TICKER_SYMBOL":"JIB","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":{{40 + (i % 1000) / 100.0}},"EVENT_TIME":{{1_700_000_000_000L + i}}}""").ToList();
        await File.WriteAllLinesAsync(path, lines);
        return lines.Sum(l => (long)l.Length);
    }

    // Reads the whole input in batches, counting what the thread allocates: a file source reads synchronously, so every
    // await here finds its task complete and the reading stays on one thread.
    private static async Task<(long Allocated, int Records)> ReadAllAsync(string location)
    {
        IRecordSource source = location.EndsWith(".jsonl", StringComparison.Ordinal)
            ? new SequentialRecordSource("test", start => CaptureFileReader.ReadFrom(location, start, 0))
            : new FileSetRecordSource("test", FileSet.Of(location));
        await using (source)
        {
            var records = 0;
            SourceOffset? after = null;
            var thread = Environment.CurrentManagedThreadId;
            var before = GC.GetAllocatedBytesForCurrentThread();
            while (true)
            {
                var batch = await source.ReadBatchAsync(after, Limits, CancellationToken.None);
                records += batch.Records.Count;
                after = batch.End;
                if (batch.EndOfInput)
                {
                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.Equal(thread, Environment.CurrentManagedThreadId);
                    return (allocated, records);
                }
            }
        }
    }
}
