using SparkEtl.Aws.Kinesis;
using SparkEtl.Core.Configuration;
using SparkEtl.Runner.Sources.Kinesis;
using static SparkEtl.Runner.Tests.Kinesis.SourceDriver;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>The producer against kinesalite: call sizes within the PutRecords limits, refused entries put again.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisProducerTests
{
    private readonly KinesaliteFixture _kinesalite;

    public KinesisProducerTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Fact]
    public async Task Flush_PutsRefusedEntriesAgain_UntilEveryRecordIsInExactlyOnce()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        using var handler = new RefusingPutRecordsHandler((call, index) => call <= 3 && index % 4 == 1);
        using var client = _kinesalite.CreateClient(handler, maxAttempts: 5);
        var producer = new KinesisProducer(client, stream, retryBaseDelay: TimeSpan.FromMilliseconds(1));

        for (var i = 0; i < 1200; i++)
        {
            await producer.AddAsync(Ticker($"K{i % 31}", i), CancellationToken.None);
        }

        await producer.FlushAsync(CancellationToken.None);

        Assert.True(handler.Refused > 0);
        Assert.Equal(handler.Refused, producer.EntriesRetried);
        Assert.Equal(1200, producer.RecordsPut);
        Assert.Equal(1200, producer.RecordsPerShard.Values.Sum());
        Assert.Equal(0, producer.PendingCount);
        Assert.All(handler.PutCalls, c => Assert.InRange(c.Entries, 1, 500));
        await using var source = await _kinesalite.OpenSourceAsync(stream);
        var read = (await DrainAsync(source, null, new BatchSettings(10_000, 64 << 20))).Records();
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => Describe(Ticker($"K{i % 31}", i))).Order(StringComparer.Ordinal), read.Select(r => Describe(new PutRecordsEntry(r.PartitionKey, r.Data))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Add_CutsCallsAtFiveMiBOfDataAndKeys()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var handler = new RefusingPutRecordsHandler((_, _) => false);
        using var client = _kinesalite.CreateClient(handler, maxAttempts: 5);
        var producer = new KinesisProducer(client, stream);
        var data = new byte[300_000];

        for (var i = 0; i < 40; i++)
        {
            await producer.AddAsync(new PutRecordsEntry($"key-{i}", data), CancellationToken.None);
        }

        await producer.FlushAsync(CancellationToken.None);

        Assert.Equal(40, producer.RecordsPut);
        Assert.Equal(40, handler.PutCalls.Sum(c => c.Entries));
        Assert.Equal(3, handler.PutCalls.Count);
        Assert.All(handler.PutCalls, c => Assert.InRange(c.Bytes, 1, KinesisClient.MaxPutRecordsBytes));
    }

    [Fact]
    public async Task Add_ARecordOverOneMiB_IsRefusedBeforeAnyCall()
    {
        using var client = _kinesalite.CreateClient();
        var producer = new KinesisProducer(client, "any");

        await Assert.ThrowsAsync<ArgumentException>(async () => await producer.AddAsync(new PutRecordsEntry("k", new byte[(1 << 20) + 1]), CancellationToken.None));
    }

    private static string Describe(PutRecordsEntry entry) => $"{entry.PartitionKey}/{Convert.ToBase64String(entry.Data.Span)}";
}
