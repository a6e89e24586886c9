using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources;
using SparkEtl.TestSupport;

namespace SparkEtl.Runner.Tests.Sources;

/// <summary>A folder or a glob read as one input: name order, positions that name the file, per-file arrival times.</summary>
public class FileSetRecordSourceTests
{
    private static readonly BatchSettings Limits = new(MaxRecordsPerShard: 3, MaxBytesPerShard: 1 << 20);

    private static async Task WriteAsync(string path, params int[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, lines.Select(i => $$"""{"TICKER_SYMBOL":"S","PRICE":{{i}}}"""));
    }

    private static async Task<List<string>> ReadAllAsync(IRecordSource source, SourceOffset? after = null)
    {
        var prices = new List<string>();
        while (true)
        {
            var batch = await source.ReadBatchAsync(after, Limits, CancellationToken.None);
            prices.AddRange(batch.Records.Select(r => System.Text.Encoding.UTF8.GetString(r.Data.Span)[^3..^1].TrimStart(':')));
            after = batch.End;
            if (batch.EndOfInput || batch.Records.Count == 0)
            {
                return prices;
            }
        }
    }

    [Theory]
    [InlineData("", new[] { "a/1.jsonl", "a/2.jsonl", "b.jsonl", "c.txt" })]
    [InlineData("*.jsonl", new[] { "b.jsonl" })]
    [InlineData("**/*.jsonl", new[] { "a/1.jsonl", "a/2.jsonl", "b.jsonl" })]
    [InlineData("a/?.jsonl", new[] { "1.jsonl", "2.jsonl" })]
    [InlineData("*/*", new[] { "a/1.jsonl", "a/2.jsonl" })]
    // Names are relative to the fixed part: the folder, or the glob's folders before its first wildcard.
    public async Task List_FolderOrGlob_GivesTheMatchingFilesInNameOrder_LeavingOutHiddenAndUnfinishedOnes(string glob, string[] expected)
    {
        using var folder = new TempDirectory();
        foreach (var name in new[] { "b.jsonl", "a/2.jsonl", "a/1.jsonl", "c.txt", ".hidden.jsonl", "_SUCCESS", "_tmp/x.jsonl", "d.jsonl.partial", "e.tmp" })
        {
            await WriteAsync(folder.Combine(name), 1);
        }

        var files = FileSet.Of(glob.Length == 0 ? folder.Path : $"{folder.Path}/{glob}");

        Assert.Equal(expected, files.List());
        Assert.True(FileSet.Names(glob.Length == 0 ? folder.Path : $"{folder.Path}/{glob}"));
    }

    [Fact]
    public async Task ReadBatch_CrossesFiles_WithOffsetsThatNameTheFileAndThePositionInIt()
    {
        using var folder = new TempDirectory();
        await WriteAsync(folder.Combine("p1.jsonl"), 10, 11);
        await WriteAsync(folder.Combine("p2.jsonl"), 12, 13, 14);
        await using var source = new FileSetRecordSource("test", FileSet.Of(folder.Path));

        var first = await source.ReadBatchAsync(null, Limits, CancellationToken.None);
        var second = await source.ReadBatchAsync(first.End, Limits, CancellationToken.None);

        Assert.Equal(3, first.Records.Count);
        Assert.Equal("p2.jsonl", first.End.Positions[FileSetRecordSource.FileKey]);
        Assert.StartsWith("1@", first.End.Positions[FileSetRecordSource.PositionKey], StringComparison.Ordinal);
        Assert.Equal(["arrivalMs:p1.jsonl", "arrivalMs:p2.jsonl"], first.Assigned.Keys);
        Assert.Equal(2, second.Records.Count);
        Assert.True(second.EndOfInput);
        Assert.Equal(["arrivalMs:p2.jsonl"], second.Assigned.Keys);
    }

    [Fact]
    public async Task ANewSourceResumingAnOffset_ReadsOnFromThere_AndFindsAFileAddedLaterThatSortsAfter()
    {
        using var folder = new TempDirectory();
        await WriteAsync(folder.Combine("p1.jsonl"), 10, 11, 12, 13);
        SourceOffset after;
        await using (var first = new FileSetRecordSource("test", FileSet.Of(folder.Path)))
        {
            after = (await first.ReadBatchAsync(null, Limits, CancellationToken.None)).End;
        }

        await WriteAsync(folder.Combine("p0.jsonl"), 90);
        await WriteAsync(folder.Combine("p2.jsonl"), 14, 15);
        await using var resumed = new FileSetRecordSource("test", FileSet.Of(folder.Path));

        Assert.Equal(["13", "14", "15"], await ReadAllAsync(resumed, after));
    }

    [Fact]
    public async Task ReadRange_GivesTheBatchAgain_WithTheArrivalTimesItWasFirstReadWith()
    {
        using var folder = new TempDirectory();
        await WriteAsync(folder.Combine("p1.jsonl"), 10, 11);
        await WriteAsync(folder.Combine("p2.jsonl"), 12, 13);
        File.SetLastWriteTimeUtc(folder.Combine("p1.jsonl"), new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(folder.Combine("p2.jsonl"), new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc));
        SourceBatch original;
        await using (var source = new FileSetRecordSource("test", FileSet.Of(folder.Path)))
        {
            original = await source.ReadBatchAsync(null, Limits, CancellationToken.None);
        }

        File.SetLastWriteTimeUtc(folder.Combine("p1.jsonl"), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(folder.Combine("p2.jsonl"), new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using var replaying = new FileSetRecordSource("test", FileSet.Of(folder.Path));
        var replay = await replaying.ReadRangeAsync(null, original.End, original.Assigned, CancellationToken.None);

        Assert.Equal(original.Records.Select(r => (r.ShardId, r.SequenceNumber, r.ApproximateArrivalMs)), replay.Records.Select(r => (r.ShardId, r.SequenceNumber, r.ApproximateArrivalMs)));
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), replay.Records[^1].ApproximateArrivalMs);
        Assert.Equal(original.Assigned, replay.Assigned);
    }

    [Fact]
    public async Task ReadRange_OfFilesThatNoLongerHoldIt_Fails()
    {
        using var folder = new TempDirectory();
        await WriteAsync(folder.Combine("p1.jsonl"), 10, 11, 12);
        SourceBatch original;
        await using (var source = new FileSetRecordSource("test", FileSet.Of(folder.Path)))
        {
            original = await source.ReadBatchAsync(null, Limits, CancellationToken.None);
        }

        await WriteAsync(folder.Combine("p1.jsonl"), 10);
        await using var replaying = new FileSetRecordSource("test", FileSet.Of(folder.Path));

        var error = await Assert.ThrowsAsync<SparkEtl.Core.SparkEtlException>(async () => await replaying.ReadRangeAsync(null, original.End, original.Assigned, CancellationToken.None));
        Assert.Contains("no longer holds the batch range", error.Message, StringComparison.Ordinal);
    }
}
