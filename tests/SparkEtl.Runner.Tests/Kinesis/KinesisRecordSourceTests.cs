using System.Numerics;
using System.Text;
using SparkEtl.Aws.Kinesis;
using SparkEtl.Core;
using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources;
using SparkEtl.Runner.Sources.Kinesis;
using static SparkEtl.Runner.Tests.Kinesis.SourceDriver;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>The Kinesis source against kinesalite: planning, replay, resume and starting positions.</summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisRecordSourceTests
{
    /// <summary>Explicit hash keys that land on the first and the second shard of a two-shard stream.</summary>
    private static readonly string[] TwoShardKeys = ["0", BigInteger.Pow(2, 127).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private readonly KinesaliteFixture _kinesalite;

    public KinesisRecordSourceTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Fact]
    public async Task ReadBatch_TwoShards_DeliversEveryRecordOnce_ShardByShardInSequenceOrder_WithinTheRecordLimit()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        using var client = _kinesalite.CreateClient();
        var put = await PutAsync(client, stream, [.. Enumerable.Range(0, 600).Select(i => Ticker($"K{i % 20}", i / 20))]);
        await using var source = await _kinesalite.OpenSourceAsync(stream);

        var batches = await DrainAsync(source, null, new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 64 << 20));

        Assert.Equal(put.Order(StringComparer.Ordinal), batches.Records().Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        foreach (var (_, batch) in batches)
        {
            Assert.All(batch.Records.GroupBy(r => r.ShardId), shard => Assert.InRange(shard.Count(), 1, 100));
            AssertShardByShardInSequenceOrder(batch.Records);
            Assert.Equal(batch.Records.Sum(r => (long)r.Data.Length), batch.DataBytes);
            Assert.False(batch.EndOfInput);
            Assert.Equal("trim", batch.End.Positions[KinesisRecordSource.StartingPositionKey]);
        }

        var last = batches[^1].Batch;
        Assert.Equal(2, last.Metrics!.Keys.Count(k => k.StartsWith("millisBehindLatest.shardId-", StringComparison.Ordinal)));
        var caughtUp = await source.ReadBatchAsync(last.End, new BatchSettings(100, 64 << 20), CancellationToken.None);
        Assert.Empty(caughtUp.Records);
        Assert.Equal(last.End, caughtUp.End);
    }

    [Fact]
    public async Task ReadRange_OnAFreshSource_GivesEveryPlannedBatchAgain_RecordForRecord_AndReadingOnResumesAfterIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        using var client = _kinesalite.CreateClient();
        var random = new Random(7);
        await PutAsync(client, stream, [.. Enumerable.Range(0, 240).Select(i => new PutRecordsEntry($"key-{i % 13}", RandomBytes(random, random.Next(200, 3000))))]);
        var limits = new BatchSettings(MaxRecordsPerShard: 40, MaxBytesPerShard: 24 << 10);
        List<PlannedBatch> planned;
        await using (var first = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 25 }))
        {
            planned = await DrainAsync(first, null, limits);
        }

        Assert.True(planned.Count >= 6, $"only {planned.Count} batches");
        for (var i = 0; i < planned.Count; i++)
        {
            // A crash after offsets/i was written: a new process reads the range again, then reads on.
            await using var restarted = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 25 });
            var replayed = await restarted.ReadRangeAsync(planned[i].After, planned[i].Batch.End, null, CancellationToken.None);
            Assert.Equal(planned[i].Batch.Records.Select(Describe), replayed.Records.Select(Describe));
            Assert.Equal(planned[i].Batch.DataBytes, replayed.DataBytes);
            Assert.Equal(planned[i].Batch.End, replayed.End);

            var next = await restarted.ReadBatchAsync(replayed.End, limits, CancellationToken.None);
            var expectedNext = i + 1 < planned.Count ? planned[i + 1].Batch.Records : [];
            Assert.Equal(expectedNext.Select(Describe), next.Records.Select(Describe));
        }
    }

    [Fact]
    public async Task ReadBatch_FromACheckpointedOffset_ReadsOnlyWhatCameAfterIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        using var client = _kinesalite.CreateClient();
        var before = await PutAsync(client, stream, [.. Enumerable.Range(0, 100).Select(i => Ticker($"K{i % 9}", i))]);
        SourceOffset end;
        await using (var first = await _kinesalite.OpenSourceAsync(stream))
        {
            end = (await DrainAsync(first, null, new BatchSettings(1000, 64 << 20)))[^1].Batch.End;
        }

        var after = await PutAsync(client, stream, [.. Enumerable.Range(100, 50).Select(i => Ticker($"K{i % 9}", i))]);
        await using var second = await _kinesalite.OpenSourceAsync(stream);
        var resumed = await DrainAsync(second, end, new BatchSettings(1000, 64 << 20));

        Assert.Equal(after.Order(StringComparer.Ordinal), resumed.Records().Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Empty(resumed.Records().Select(r => r.SequenceNumber).Intersect(before));
    }

    [Fact]
    public async Task ReadBatch_ByteLimit_CutsTheShardsBatch_AndARecordLargerThanTheLimitGoesAlone()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        int[] sizes = [300, 300, 300, 300, 5000, 300, 300, 900, 100];
        await PutAsync(client, stream, [.. sizes.Select((size, i) => new PutRecordsEntry("k", new byte[size]))]);
        await using var source = await _kinesalite.OpenSourceAsync(stream);

        var batches = await DrainAsync(source, null, new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 1000));

        Assert.Equal([[300, 300, 300], [300], [5000], [300, 300], [900, 100]], batches.Select(b => b.Batch.Records.Select(r => r.Data.Length).ToArray()));
    }

    [Fact]
    public async Task ReadBatch_MaxReadTimeSpent_EndsTheBatchAfterEachShardsFirstPage_AndTheNextBatchReadsOn()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        var put = await PutAsync(client, stream, [.. Enumerable.Range(0, 300).Select(i => Ticker($"K{i % 7}", i))]);
        await using var source = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 25 });
        var noTime = new BatchSettings(MaxRecordsPerShard: 1000, MaxBytesPerShard: 64 << 20) { MaxReadTime = TimeSpan.Zero };

        // Each page is full, so the shard never looks caught up: only the time limit ends these batches.
        var batches = await DrainAsync(source, null, noTime);

        Assert.Equal(12, batches.Count);
        Assert.All(batches, b => Assert.Equal(25, b.Batch.Records.Count));
        Assert.Equal(put, batches.Records().Select(r => r.SequenceNumber));

        // Without a time limit, one batch takes everything up to the record limit.
        await using var unlimited = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 25 });
        var whole = await unlimited.ReadBatchAsync(null, noTime with { MaxReadTime = null }, CancellationToken.None);
        Assert.Equal(put, whole.Records.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Latest_ReadsOnlyRecordsPutAfterTheStart_AndItsPinnedStartServesARestartAndAReplay()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 2);
        using var client = _kinesalite.CreateClient();
        await PutAsync(client, stream, [.. Enumerable.Range(0, 40).Select(i => TickerOn(i % 2, i))]);
        await WaitForTheClockToPassAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 2);
        await using var source = await _kinesalite.OpenSourceAsync(stream, o => o with { StartingPosition = KinesisStartingPosition.Latest });
        var limits = new BatchSettings(1000, 64 << 20);

        var nothingYet = await source.ReadBatchAsync(null, limits, CancellationToken.None);
        var newer = await PutAsync(client, stream, [.. Enumerable.Range(100, 30).Select(i => TickerOn(i % 2, i))]);
        var live = await DrainAsync(source, null, limits);

        Assert.Empty(nothingYet.Records);
        var pinned = nothingYet.End.Positions[KinesisRecordSource.StartingPositionKey];
        Assert.StartsWith("at:", pinned, StringComparison.Ordinal);
        Assert.All(nothingYet.End.Positions.Values, token => Assert.Equal(pinned, token));
        Assert.Equal(newer.Order(StringComparer.Ordinal), live.Records().Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Equal(pinned, live[0].Batch.End.Positions[KinesisRecordSource.StartingPositionKey]);

        // A new process resumes an offset whose shards were not read yet: from the pinned time, not from its own LATEST.
        await using var restarted = await _kinesalite.OpenSourceAsync(stream, o => o with { StartingPosition = KinesisStartingPosition.Latest });
        var resumed = await DrainAsync(restarted, nothingYet.End, limits);
        Assert.Equal(live.Records().Select(Describe), resumed.Records().Select(Describe));

        // And the first batch, planned from no offset at all, is read again from the pinned time.
        await using var replaying = await _kinesalite.OpenSourceAsync(stream, o => o with { StartingPosition = KinesisStartingPosition.Latest });
        var replayed = await replaying.ReadRangeAsync(null, live[0].Batch.End, null, CancellationToken.None);
        Assert.Equal(live[0].Batch.Records.Select(Describe), replayed.Records.Select(Describe));
    }

    [Fact]
    public async Task AtTimestamp_StartsAtTheFirstRecordThatArrivedAtOrAfterIt()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        await PutAsync(client, stream, [.. Enumerable.Range(0, 20).Select(i => Ticker("EARLY", i))]);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 2;
        await WaitForTheClockToPassAsync(start);
        var late = await PutAsync(client, stream, [.. Enumerable.Range(0, 20).Select(i => Ticker("LATE", i))]);
        await using var source = await _kinesalite.OpenSourceAsync(stream, o => o with { StartingPosition = KinesisStartingPosition.AtTimestamp, StartingTimestampMs = start });

        var batches = await DrainAsync(source, null, new BatchSettings(1000, 64 << 20));

        Assert.Equal(late, batches.Records().Select(r => r.SequenceNumber));
        Assert.Equal($"at:{start}", batches[0].Batch.End.Positions[KinesisRecordSource.StartingPositionKey]);
    }

    [Fact]
    public async Task Open_UnknownStream_IsAConfigurationErrorNamingTheSourceRegionAndEndpoint()
    {
        var e = await Assert.ThrowsAsync<ConfigurationException>(() => _kinesalite.OpenSourceAsync("no-such-stream"));

        Assert.Equal("source", e.Setting);
        Assert.Equal("kinesis:no-such-stream", e.Value);
        Assert.Contains(KinesaliteFixture.Region, e.Allowed, StringComparison.Ordinal);
        Assert.Contains(_kinesalite.Endpoint.ToString(), e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_CredentialsKinesisRefuses_IsACredentialsErrorWithTheServiceCode()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var handler = new FaultInjectingHandler((operation, _) => operation == "DescribeStreamSummary"
            ? new FaultInjectingHandler.Fault(System.Net.HttpStatusCode.BadRequest, "UnrecognizedClientException")
            : null);

        var e = await Assert.ThrowsAsync<AwsCredentialsException>(() => _kinesalite.OpenSourceAsync(stream, handler: handler));

        Assert.Equal("UnrecognizedClientException", e.ErrorCode);
        Assert.Contains("credentials", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AnEndpointThatDoesNotAnswer_IsAConfigurationErrorNamingTheEndpointSetting()
    {
        using var client = new KinesisClient(new Aws.AwsClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/"),
            Region = KinesaliteFixture.Region,
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            MaxAttempts = 1,
        });

        var e = await Assert.ThrowsAsync<ConfigurationException>(() => KinesisStreamCheck.EnsureUsableAsync(client, "tickers", "source", "kinesis:tickers", CancellationToken.None));

        Assert.Equal("aws.kinesisEndpoint", e.Setting);
        Assert.Equal("http://127.0.0.1:1/", e.Value);
    }

    [Fact]
    public async Task ReadRange_WhenTheShardNoLongerHoldsThePlannedRecords_Fails()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        var put = await PutAsync(client, stream, [.. Enumerable.Range(0, 5).Select(i => Ticker("K", i))]);
        var shard = Assert.Single(await client.ListShardsAsync(stream, CancellationToken.None)).ShardId;
        await using var source = await _kinesalite.OpenSourceAsync(stream);
        var missing = (BigInteger.Parse(put[^1], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var through = new SourceOffset([new(KinesisRecordSource.StartingPositionKey, "trim"), new(shard, "seq:" + missing)]);

        var e = await Assert.ThrowsAsync<SparkEtlException>(async () => await source.ReadRangeAsync(null, through, null, CancellationToken.None));

        Assert.Contains(shard, e.Message, StringComparison.Ordinal);
        Assert.Contains("no longer holds", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertShardByShardInSequenceOrder(IReadOnlyList<KinesisRecord> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            var byShard = ShardIdComparer.Instance.Compare(records[i - 1].ShardId, records[i].ShardId);
            Assert.True(byShard < 0 || (byShard == 0 && SourcePosition.CompareDecimal(records[i - 1].SequenceNumber, records[i].SequenceNumber) < 0),
                $"record {i} ({records[i].ShardId} {records[i].SequenceNumber}) follows {records[i - 1].ShardId} {records[i - 1].SequenceNumber}");
        }
    }

    /// <summary>Polls the clock (bounded) until it has passed <paramref name="epochMs"/>, so later puts arrive strictly later.</summary>
    internal static async Task WaitForTheClockToPassAsync(long epochMs)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= epochMs)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the clock did not move");
            await Task.Delay(1);
        }
    }

    private static PutRecordsEntry TickerOn(int shard, int count) => Ticker($"K{count}", count) with { ExplicitHashKey = TwoShardKeys[shard] };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
