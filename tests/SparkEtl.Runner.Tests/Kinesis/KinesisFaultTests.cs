using System.Diagnostics;
using SparkEtl.Core.Configuration;
using static SparkEtl.Runner.Tests.Kinesis.FaultInjectingHandler;
using static SparkEtl.Runner.Tests.Kinesis.SourceDriver;

namespace SparkEtl.Runner.Tests.Kinesis;

/// <summary>
/// Throttling, expired iterators and server failures injected around real kinesalite answers: the source slows
/// down, recovers, and reads every record exactly once.
/// </summary>
[Collection(KinesaliteCollection.Name)]
public sealed class KinesisFaultTests
{
    private readonly KinesaliteFixture _kinesalite;

    public KinesisFaultTests(KinesaliteFixture kinesalite)
    {
        _kinesalite = kinesalite;
    }

    [Fact]
    public async Task ThrottlingExpiredIteratorsAndServerFailures_SlowTheReadsDown_AndLoseOrRepeatNothing()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        var put = await PutAsync(client, stream, [.. Enumerable.Range(0, 400).Select(i => Ticker($"K{i % 7}", i))]);
        using var handler = new FaultInjectingHandler((operation, call) => (operation, call) switch
        {
            ("ListShards", 1) => Fault.LimitExceeded,
            ("GetShardIterator", 1) => Fault.Throttled,
            ("GetRecords", 2 or 9) => Fault.ExpiredIterator,
            ("GetRecords", 4 or 5 or 6) => Fault.Throttled,
            ("GetRecords", 11) => Fault.InternalFailure,
            _ => null,
        });

        // The real shard limits (5 calls/s); only the backoff is shortened.
        await using var source = await _kinesalite.OpenSourceAsync(stream,
            o => o with { MaxRecordsPerRead = 30, MinReadInterval = TimeSpan.FromMilliseconds(200) }, handler);
        var batches = await DrainAsync(source, null, new BatchSettings(MaxRecordsPerShard: 60, MaxBytesPerShard: 64 << 20));

        Assert.Equal(put, batches.Records().Select(r => r.SequenceNumber));
        Assert.Equal(8, handler.Calls.Count(c => c.Fault is not null));
        Assert.Equal(5, batches.Sum(b => b.Batch.Metrics!["throttledRequests"]));
        Assert.Equal(2, batches.Sum(b => b.Batch.Metrics!["expiredIterators"]));

        // Each expired iterator was replaced once (GetShardIterator after the last record read), beside the first one.
        Assert.Equal(3, handler.CountOf("GetShardIterator", faulted: false));

        // GetRecords calls on the shard, answered or refused, were never closer than the 200 ms the shard allows.
        var getRecords = handler.Calls.Where(c => c.Operation == "GetRecords").Select(c => c.Timestamp).ToList();
        var closest = getRecords.Zip(getRecords.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).Min();
        Assert.True(closest >= TimeSpan.FromMilliseconds(190), $"two GetRecords calls came {closest.TotalMilliseconds:F0} ms apart");
    }

    [Fact]
    public async Task ExpiredIteratorWhileRecordsWaitForTheNextBatch_IsReplacedAfterTheLastRecordFetched()
    {
        var stream = await _kinesalite.CreateStreamAsync(shardCount: 1);
        using var client = _kinesalite.CreateClient();
        var put = await PutAsync(client, stream, [.. Enumerable.Range(0, 90).Select(i => Ticker("K", i))]);

        // Pages of 40 against batches of 25: records wait in memory while the iterator stands after them.
        using var handler = new FaultInjectingHandler((operation, call) => operation == "GetRecords" && call is 2 or 3 ? Fault.ExpiredIterator : null);
        await using var source = await _kinesalite.OpenSourceAsync(stream, o => o with { MaxRecordsPerRead = 40 }, handler);
        var batches = await DrainAsync(source, null, new BatchSettings(MaxRecordsPerShard: 25, MaxBytesPerShard: 64 << 20));

        Assert.Equal(put, batches.Records().Select(r => r.SequenceNumber));
        Assert.All(batches, b => Assert.True(b.Batch.Records.Count <= 25));
    }
}
