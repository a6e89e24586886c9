using System.Numerics;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Aws.Tests.Fixtures;
using SparkEtl.Core.Records;

namespace SparkEtl.Aws.Tests.Kinesis;

/// <summary>The Kinesis client against kinesalite, a real implementation of the Kinesis API.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisClientTests : IDisposable
{
    private static readonly BigInteger MaxHashKey = BigInteger.Pow(2, 128) - 1;
    private readonly KinesaliteFixture _kinesalite;
    private readonly KinesisClient _client;

    public KinesisClientTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
        _client = kinesalite.CreateClient();
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task CreateStream_DescribeAndListShards_CoverTheHashSpace()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 5);

        var summary = await _client.DescribeStreamSummaryAsync(stream, CancellationToken.None);
        var shards = await _client.ListShardsAsync(stream, pageSize: 2, CancellationToken.None);

        Assert.Equal("ACTIVE", summary.StreamStatus);
        Assert.Equal(stream, summary.StreamName);
        Assert.Equal(5, summary.OpenShardCount);
        Assert.EndsWith(":stream/" + stream, summary.StreamARN, StringComparison.Ordinal);
        Assert.InRange(summary.StreamCreationTimestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(5, shards.Count);
        Assert.Equal(shards.Count, shards.Select(s => s.ShardId).Distinct().Count());
        Assert.All(shards, s => Assert.False(s.IsClosed));
        var ranges = shards.Select(s => (Start: BigInteger.Parse(s.HashKeyRange.StartingHashKey), End: BigInteger.Parse(s.HashKeyRange.EndingHashKey))).OrderBy(r => r.Start).ToList();
        Assert.Equal(BigInteger.Zero, ranges[0].Start);
        Assert.Equal(MaxHashKey, ranges[^1].End);
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].End + 1, ranges[i].Start);
        }
    }

    [Fact]
    public async Task PutRecords_ThenGetRecords_ReturnsExactBytesKeysAndSequenceOrder()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        var random = new Random(1234);
        var entries = Enumerable.Range(0, 40).Select(i =>
        {
            var data = new byte[i == 0 ? 1 : random.Next(1, 20_000)];
            random.NextBytes(data);
            return new PutRecordsEntry($"key-{i % 7}-ü", data);
        }).ToList();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var first = await _client.PutRecordsAsync(stream, entries[..25], CancellationToken.None);
        var second = await _client.PutRecordsAsync(stream, entries[25..], CancellationToken.None);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var put = first.Records.Concat(second.Records).ToList();

        Assert.Equal(0, first.FailedRecordCount + second.FailedRecordCount);
        var shard = Assert.Single(await _client.ListShardsAsync(stream, CancellationToken.None));
        var records = await ReadAllAsync(stream, shard.ShardId, ShardIteratorPosition.TrimHorizon, entries.Count, pageSize: 7);

        Assert.Equal(entries.Count, records.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(entries[i].Data.ToArray(), records[i].Data.ToArray());
            Assert.Equal(entries[i].PartitionKey, records[i].PartitionKey);
            Assert.Equal(put[i].SequenceNumber, records[i].SequenceNumber);
            Assert.Equal(shard.ShardId, records[i].ShardId);
            Assert.Equal(put[i].ShardId, records[i].ShardId);
            Assert.InRange(records[i].ApproximateArrivalMs, before - 1, after + 1);
            if (i > 0)
            {
                Assert.True(BigInteger.Parse(records[i - 1].SequenceNumber) < BigInteger.Parse(records[i].SequenceNumber));
            }
        }
    }

    [Fact]
    public async Task AfterSequenceNumber_ResumesExactlyAfterThatRecord_AndAtSequenceNumberIncludesIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        var put = await _client.PutRecordsAsync(stream, Enumerable.Range(0, 10).Select(i => new PutRecordsEntry("k", new[] { (byte)i })).ToList(), CancellationToken.None);
        var shardId = put.Records[0].ShardId!;
        var checkpoint = put.Records[4].SequenceNumber!;

        var after = await ReadAllAsync(stream, shardId, ShardIteratorPosition.AfterSequenceNumber(checkpoint), expected: 5);
        var at = await ReadAllAsync(stream, shardId, ShardIteratorPosition.AtSequenceNumber(checkpoint), expected: 6);

        Assert.Equal([5, 6, 7, 8, 9], after.Select(r => (int)r.Data.Span[0]));
        Assert.Equal(put.Records.Skip(5).Select(r => r.SequenceNumber), after.Select(r => r.SequenceNumber));
        Assert.Equal([4, 5, 6, 7, 8, 9], at.Select(r => (int)r.Data.Span[0]));
    }

    [Fact]
    public async Task AtTimestamp_StartsAtTheFirstRecordArrivedAtOrAfterIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        var early = await _client.PutRecordsAsync(stream, [new PutRecordsEntry("k", "early-0"u8.ToArray()), new PutRecordsEntry("k", "early-1"u8.ToArray())], CancellationToken.None);
        var shardId = early.Records[0].ShardId!;
        var earlyRecords = await ReadAllAsync(stream, shardId, ShardIteratorPosition.TrimHorizon, expected: 2);
        var lastEarly = earlyRecords.Max(r => r.ApproximateArrivalMs);

        // Poll the clock (bounded) until it has passed the early records' arrival, so the late ones arrive strictly later.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= lastEarly + 1 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        await _client.PutRecordsAsync(stream, [new PutRecordsEntry("k", "late-0"u8.ToArray()), new PutRecordsEntry("k", "late-1"u8.ToArray())], CancellationToken.None);
        var all = await ReadAllAsync(stream, shardId, ShardIteratorPosition.TrimHorizon, expected: 4);
        var lateArrival = all[2].ApproximateArrivalMs;

        var fromTimestamp = await ReadAllAsync(stream, shardId, ShardIteratorPosition.AtTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(lateArrival)), expected: 2);

        Assert.True(lateArrival > lastEarly);
        Assert.Equal(["late-0", "late-1"], fromTimestamp.Select(r => System.Text.Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public async Task SplitShard_ClosesTheParent_WhichEndsAfterItsRecords_AndChildrenTakeNewRecords()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);
        var parent = Assert.Single(await _client.ListShardsAsync(stream, CancellationToken.None));
        await _client.PutRecordsAsync(stream, Enumerable.Range(0, 5).Select(i => new PutRecordsEntry($"before-{i}", new[] { (byte)i })).ToList(), CancellationToken.None);
        var middle = (BigInteger.Parse(parent.HashKeyRange.EndingHashKey) + 1) / 2;

        await _client.SplitShardAsync(stream, parent.ShardId, middle.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        await _client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);
        var shards = await _client.ListShardsAsync(stream, CancellationToken.None);
        var after = await _client.PutRecordsAsync(stream, Enumerable.Range(0, 20).Select(i => new PutRecordsEntry($"after-{i}", new[] { (byte)i })).ToList(), CancellationToken.None);

        Assert.Equal(3, shards.Count);
        var closedParent = Assert.Single(shards, s => s.ShardId == parent.ShardId);
        Assert.True(closedParent.IsClosed);
        var children = shards.Where(s => s.ParentShardId == parent.ShardId).ToList();
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.False(c.IsClosed));
        var middleKey = middle.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["0", middleKey], children.Select(c => c.HashKeyRange.StartingHashKey).Order(StringComparer.Ordinal));
        Assert.All(after.Records, r => Assert.Contains(r.ShardId, children.Select(c => c.ShardId)));

        // Drain the parent: its five records, then no next iterator.
        var iterator = await _client.GetShardIteratorAsync(stream, parent.ShardId, ShardIteratorPosition.TrimHorizon, CancellationToken.None);
        var drained = new List<KinesisRecord>();
        GetRecordsResult page;
        var calls = 0;
        do
        {
            page = await _client.GetRecordsAsync(parent.ShardId, iterator, 2, CancellationToken.None);
            drained.AddRange(page.Records);
            iterator = page.NextShardIterator!;
            Assert.True(++calls < 50, "the closed parent shard never ended");
        }
        while (!page.IsShardEnd);

        Assert.Equal(["before-0", "before-1", "before-2", "before-3", "before-4"], drained.Select(r => r.PartitionKey));
    }

    [Fact]
    public async Task MergeShards_MakesOneShardWithBothParents()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 2);
        var shards = (await _client.ListShardsAsync(stream, CancellationToken.None)).OrderBy(s => BigInteger.Parse(s.HashKeyRange.StartingHashKey)).ToList();

        await _client.MergeShardsAsync(stream, shards[0].ShardId, shards[1].ShardId, CancellationToken.None);
        await _client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);

        var after = await _client.ListShardsAsync(stream, CancellationToken.None);
        var merged = Assert.Single(after, s => !s.IsClosed);
        Assert.Equal(shards[0].ShardId, merged.ParentShardId);
        Assert.Equal(shards[1].ShardId, merged.AdjacentParentShardId);
        Assert.Equal("0", merged.HashKeyRange.StartingHashKey);
        Assert.Equal(MaxHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture), merged.HashKeyRange.EndingHashKey);
    }

    [Fact]
    public async Task UnknownStream_IsResourceNotFound_AndNotTransient()
    {
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => _client.DescribeStreamSummaryAsync(TestAws.UniqueName("missing"), CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task DeleteStream_RemovesIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(_client, shardCount: 1);

        await _client.DeleteStreamAsync(stream, CancellationToken.None);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await _client.DescribeStreamSummaryAsync(stream, CancellationToken.None);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "the stream was still there 10 s after DeleteStream");
            await Task.Delay(10);
        }
    }

    private async Task<List<KinesisRecord>> ReadAllAsync(string stream, string shardId, ShardIteratorPosition position, int expected, int? pageSize = null)
    {
        var iterator = await _client.GetShardIteratorAsync(stream, shardId, position, CancellationToken.None);
        var records = new List<KinesisRecord>();
        for (var calls = 0; records.Count < expected; calls++)
        {
            Assert.True(calls < 100, $"read {records.Count} of {expected} records in 100 GetRecords calls");
            var page = await _client.GetRecordsAsync(shardId, iterator, pageSize, CancellationToken.None);
            records.AddRange(page.Records);
            if (page.IsShardEnd)
            {
                break;
            }

            iterator = page.NextShardIterator!;
        }

        return records;
    }
}
