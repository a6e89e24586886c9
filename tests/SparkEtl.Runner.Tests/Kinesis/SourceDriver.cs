using System.Text;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>Drives a source as the engine does, and puts test records.</summary>
internal static class SourceDriver
{
    /// <summary>A batch the engine would have planned: the offset it read after, and what it got.</summary>
    public sealed record PlannedBatch(SourceOffset? After, SourceBatch Batch);

    /// <summary>
    /// Plans batches as the available-now trigger does: each after the last non-empty one's end, until one comes back empty.
    /// </summary>
    public static async Task<List<PlannedBatch>> DrainAsync(IRecordSource source, SourceOffset? after, BatchSettings limits, int maxBatches = 500)
    {
        var planned = new List<PlannedBatch>();
        for (var i = 0; i < maxBatches; i++)
        {
            var batch = await source.ReadBatchAsync(after, limits, CancellationToken.None);
            if (batch.Records.Count == 0)
            {
                return planned;
            }

            planned.Add(new PlannedBatch(after, batch));
            after = batch.End;
        }

        throw new InvalidOperationException($"The source was not caught up after {maxBatches} batches.");
    }

    /// <summary>
    /// Plans batches as the interval trigger does (empty batches are not kept) until <paramref name="done"/> says the
    /// records read so far are enough, or the deadline passes.
    /// </summary>
    public static async Task<List<PlannedBatch>> ReadUntilAsync(
        IRecordSource source, SourceOffset? after, BatchSettings limits, Func<IReadOnlyList<KinesisRecord>, bool> done, TimeSpan timeout)
    {
        var planned = new List<PlannedBatch>();
        var records = new List<KinesisRecord>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!done(records))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"read {records.Count} records before the deadline; the last offset is {after}");
            var batch = await source.ReadBatchAsync(after, limits, CancellationToken.None);
            if (batch.Records.Count == 0)
            {
                continue;
            }

            planned.Add(new PlannedBatch(after, batch));
            records.AddRange(batch.Records);
            after = batch.End;
        }

        return planned;
    }

    public static List<KinesisRecord> Records(this IEnumerable<PlannedBatch> batches) => [.. batches.SelectMany(b => b.Batch.Records)];

    /// <summary>A ticker record whose price counts the records of its key: <c>{"TICKER_SYMBOL":"K3","PRICE":17,...}</c>.</summary>
    public static PutRecordsEntry Ticker(string key, int count, long eventTimeMs = 1_710_513_000_000) =>
        new(key, Encoding.UTF8.GetBytes($"{{\"TICKER_SYMBOL\":\"{key}\",\"SECTOR\":\"TEST\",\"PRICE\":{count},\"EVENT_TIME\":{eventTimeMs + count}}}"));

    /// <summary>Puts entries in calls of at most 500, failing the test if any is refused; returns the sequence numbers.</summary>
    public static async Task<List<string>> PutAsync(KinesisClient client, string stream, IReadOnlyList<PutRecordsEntry> entries)
    {
        var sequenceNumbers = new List<string>();
        foreach (var chunk in entries.Chunk(KinesisClient.MaxPutRecordsCount))
        {
            var result = await client.PutRecordsAsync(stream, chunk, CancellationToken.None);
            Assert.Equal(0, result.FailedRecordCount);
            sequenceNumbers.AddRange(result.Records.Select(r => r.SequenceNumber!));
        }

        return sequenceNumbers;
    }

    /// <summary>The record's identity and content, for comparing two reads.</summary>
    public static string Describe(KinesisRecord record) =>
        $"{record.ShardId}/{record.SequenceNumber}/{record.PartitionKey}/{Convert.ToBase64String(record.Data.Span)}";
}
