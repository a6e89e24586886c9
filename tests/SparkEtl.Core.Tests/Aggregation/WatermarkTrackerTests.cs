using SparkEtl.Core.Aggregation;

namespace SparkEtl.Core.Tests.Aggregation;

public class WatermarkTrackerTests
{
    private const string A = "shardId-000000000000";
    private const string B = "shardId-000000000001";
    private const long Minute = 60_000;

    [Fact]
    public void EndBatch_OneShard_IsItsLatestEventTimeMinusTheDelay()
    {
        var tracker = new WatermarkTracker(30_000, Minute);
        tracker.Observe(A, 100_000);
        tracker.Observe(A, 90_000);

        Assert.Equal(70_000, tracker.EndBatch(0));
    }

    [Fact]
    public void EndBatch_LaggingShard_HoldsTheWatermarkAtItsOwn()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 10 * Minute);
        tracker.Observe(B, 0);

        Assert.Equal(0, tracker.EndBatch(0));
    }

    [Fact]
    public void EndBatch_IdleShard_StopsHoldingItBackAfterTheTimeout()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 0);
        tracker.Observe(B, 5 * Minute);
        tracker.EndBatch(0);

        tracker.Observe(B, 6 * Minute);
        Assert.Equal(0, tracker.EndBatch(Minute - 1));

        tracker.Observe(B, 7 * Minute);
        Assert.Equal(7 * Minute, tracker.EndBatch(Minute));
    }

    [Fact]
    public void EndBatch_EndedShard_StopsHoldingItBack()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 0);
        tracker.Observe(B, 5 * Minute);

        Assert.Equal(5 * Minute, tracker.EndBatch(0, [A]));
        Assert.True(tracker.Shards.Single(s => s.ShardId == A).Ended);
    }

    [Fact]
    public void EndBatch_EveryShardIdle_MovesToTheLatestShardWatermark()
    {
        var tracker = new WatermarkTracker(10_000, Minute);
        tracker.Observe(A, 100_000);
        tracker.Observe(B, 300_000);
        Assert.Equal(90_000, tracker.EndBatch(0));

        Assert.Equal(290_000, tracker.EndBatch(Minute));
    }

    [Fact]
    public void EndBatch_NeverMovesBack()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 10 * Minute);
        tracker.EndBatch(0);

        tracker.Observe(B, Minute);
        Assert.Equal(10 * Minute, tracker.EndBatch(1));
    }

    [Fact]
    public void WatermarkAt_TellsWhereAnIdleBatchWouldMoveItWithoutMovingIt()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 0);
        tracker.Observe(B, 5 * Minute);
        tracker.EndBatch(0);

        Assert.Equal(5 * Minute, tracker.WatermarkAt(Minute));
        Assert.Equal(0, tracker.WatermarkMs);
    }

    [Fact]
    public void Restore_GivesBackTheShardsAndTheWatermark()
    {
        var tracker = new WatermarkTracker(0, Minute);
        tracker.Observe(A, 0);
        tracker.Observe(B, Minute);
        tracker.EndBatch(5);

        var restored = new WatermarkTracker(0, Minute);
        restored.Restore(tracker.WatermarkMs, tracker.Shards);

        Assert.Equal(tracker.Shards, restored.Shards);
        restored.Observe(A, 2 * Minute);
        Assert.Equal(Minute, restored.EndBatch(10));
    }
}
