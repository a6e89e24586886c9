using System.Globalization;
using System.Numerics;
using System.Text.Json;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using static SparkEtl.Runner.Tests.Kinesis.SourceDriver;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>Splitting and merging shards while the source reads: parents before children, nothing lost or read twice.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisReshardingTests
{
    private const int Keys = 12;
    private readonly KinesaliteFixture _kinesalite;

    public KinesisReshardingTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Fact]
    public async Task SplitThenMerge_WhileReading_EveryRecordOnce_KeysKeepTheirOrder_ParentsBeforeChildren_AndEveryBatchReplays()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient(maxAttempts: 5);
        var counts = new int[Keys];
        var limits = new BatchSettings(MaxRecordsPerShard: 35, MaxBytesPerShard: 64 << 20);
        // Shards are listed at every batch, so the children are known while their parent still has records to read.
        await using var source = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 20, ShardDiscoveryInterval = TimeSpan.Zero });

        await PutRoundAsync(client, stream, counts, 150);
        var planned = await ReadUntilAsync(source, null, limits, read => read.Count >= 70, TimeSpan.FromSeconds(20));

        var parent = Assert.Single(await client.ListShardsAsync(stream, CancellationToken.None));
        var middle = ((BigInteger.Parse(parent.HashKeyRange.EndingHashKey, CultureInfo.InvariantCulture) + 1) / 2).ToString(CultureInfo.InvariantCulture);
        await client.SplitShardAsync(stream, parent.ShardId, middle, CancellationToken.None);
        await client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);
        await PutRoundAsync(client, stream, counts, 150);
        planned.AddRange(await ReadUntilAsync(source, planned[^1].Batch.End, limits, read => read.Count >= 120, TimeSpan.FromSeconds(20)));

        var children = (await client.ListShardsAsync(stream, CancellationToken.None)).Where(s => s.ParentShardId == parent.ShardId)
            .OrderBy(s => BigInteger.Parse(s.HashKeyRange.StartingHashKey, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, children.Count);
        await client.MergeShardsAsync(stream, children[0].ShardId, children[1].ShardId, CancellationToken.None);
        await client.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30), CancellationToken.None);
        await PutRoundAsync(client, stream, counts, 150);
        var total = counts.Sum();
        var alreadyRead = planned.Records().Count;
        planned.AddRange(await ReadUntilAsync(source, planned[^1].Batch.End, limits, read => read.Count >= total - alreadyRead, TimeSpan.FromSeconds(30)));
        var caughtUp = await source.ReadBatchAsync(planned[^1].Batch.End, limits, CancellationToken.None);

        var shards = await client.ListShardsAsync(stream, CancellationToken.None);
        var merged = Assert.Single(shards, s => s.ParentShardId == children[0].ShardId);
        var records = planned.Records();

        // Nothing lost, nothing twice, nothing more.
        Assert.Empty(caughtUp.Records);
        Assert.Equal(total, records.Count);
        Assert.Equal(total, records.Select(r => (r.ShardId, r.SequenceNumber)).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, Keys).SelectMany(k => Enumerable.Range(0, counts[k]).Select(n => $"K{k}:{n}")).Order(StringComparer.Ordinal),
            records.Select(KeyAndCount).Order(StringComparer.Ordinal));

        // Each key's records come in the order they were put, across the split and the merge.
        foreach (var key in records.GroupBy(r => r.PartitionKey))
        {
            Assert.Equal(Enumerable.Range(0, key.Count()), key.Select(r => Count(r)));
        }

        // A shard is read only after its parents were read to their end, and all four shards were read.
        AssertReadAfter(records, parent.ShardId, children[0].ShardId);
        AssertReadAfter(records, parent.ShardId, children[1].ShardId);
        AssertReadAfter(records, children[0].ShardId, merged.ShardId);
        AssertReadAfter(records, children[1].ShardId, merged.ShardId);
        Assert.Equal(4, records.Select(r => r.ShardId).Distinct().Count());
        Assert.StartsWith("end:", caughtUp.End.Positions[children[0].ShardId], StringComparison.Ordinal);
        Assert.StartsWith("seq:", caughtUp.End.Positions[merged.ShardId], StringComparison.Ordinal);

        // Every planned batch reads again, record for record, in a process that never saw the reshard happen.
        await using var replaying = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 20 });
        foreach (var (after, batch) in planned)
        {
            var replayed = await replaying.ReadRangeAsync(after, batch.End, null, CancellationToken.None);
            Assert.Equal(batch.Records.Select(Describe), replayed.Records.Select(Describe));
            KinesisRecordSourceTests.AssertShardByShardInSequenceOrder(replayed.Records);
        }
    }

    /// <summary>Puts <paramref name="n"/> records over the keys, each carrying how many of its key came before.</summary>
    private static async Task PutRoundAsync(KinesisClient client, string stream, int[] counts, int n)
    {
        var entries = new List<PutRecordsEntry>();
        for (var i = 0; i < n; i++)
        {
            var key = i % Keys;
            entries.Add(Ticker($"K{key}", counts[key]++));
        }

        await PutAsync(client, stream, entries);
    }

    private static void AssertReadAfter(List<KinesisRecord> records, string parent, string child)
    {
        var lastOfParent = records.FindLastIndex(r => r.ShardId == parent);
        var firstOfChild = records.FindIndex(r => r.ShardId == child);
        Assert.True(lastOfParent >= 0 && firstOfChild > lastOfParent, $"{child} was read from record {firstOfChild} on, but its parent {parent} until record {lastOfParent}");
    }

    private static int Count(KinesisRecord record)
    {
        using var json = JsonDocument.Parse(record.Data);
        return json.RootElement.GetProperty("PRICE").GetInt32();
    }

    private static string KeyAndCount(KinesisRecord record) => $"{record.PartitionKey}:{Count(record)}";
}
