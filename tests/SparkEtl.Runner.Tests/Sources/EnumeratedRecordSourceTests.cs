using SparkEtl.Core.Configuration;
using SparkEtl.Core.Records;
using SparkEtl.Runner.Sources;

namespace SparkEtl.Runner.Tests.Sources;

public class EnumeratedRecordSourceTests
{
    private static KinesisRecord Record(int shard, int sequence, int bytes) =>
        new($"shardId-{shard:D12}", $"{sequence}", "k", 0, new byte[bytes]);

    [Fact]
    public async Task ReadBatch_RecordLimitPerShard_CutsWhereAShardIsFull()
    {
        var records = new[] { Record(0, 1, 1), Record(1, 1, 1), Record(0, 2, 1), Record(1, 2, 1), Record(0, 3, 1) };
        await using var source = new EnumeratedRecordSource("test", records);
        var limits = new BatchSettings(MaxRecordsPerShard: 2, MaxBytesPerShard: 1 << 20);

        var first = await source.ReadBatchAsync(limits, CancellationToken.None);
        var second = await source.ReadBatchAsync(limits, CancellationToken.None);

        Assert.Equal(4, first.Records.Count);
        Assert.False(first.EndOfInput);
        Assert.Equal(records[4], Assert.Single(second.Records));
        Assert.True(second.EndOfInput);
    }

    [Fact]
    public async Task ReadBatch_ByteLimitPerShard_CutsBeforeTheRecordThatWouldPassIt()
    {
        var records = new[] { Record(0, 1, 600), Record(0, 2, 600), Record(0, 3, 300) };
        await using var source = new EnumeratedRecordSource("test", records);
        var limits = new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 1000);

        var first = await source.ReadBatchAsync(limits, CancellationToken.None);
        var second = await source.ReadBatchAsync(limits, CancellationToken.None);

        Assert.Equal(600, first.DataBytes);
        Assert.Equal(2, second.Records.Count);
        Assert.True(second.EndOfInput);
    }

    [Fact]
    public async Task ReadBatch_RecordLargerThanTheByteLimit_StillGoesAloneSoTheSourceNeverStalls()
    {
        await using var source = new EnumeratedRecordSource("test", [Record(0, 1, 5000), Record(0, 2, 10)]);
        var limits = new BatchSettings(MaxRecordsPerShard: 100, MaxBytesPerShard: 1000);

        var first = await source.ReadBatchAsync(limits, CancellationToken.None);

        Assert.Equal(5000, Assert.Single(first.Records).Data.Length);
    }

    [Fact]
    public async Task ReadBatch_EmptySource_EndsAtOnce()
    {
        await using var source = new EnumeratedRecordSource("test", []);

        var batch = await source.ReadBatchAsync(new BatchSettings(10, 1000), CancellationToken.None);

        Assert.Empty(batch.Records);
        Assert.True(batch.EndOfInput);
    }
}
