namespace SparkEtl.Core.Aggregation;

/// <summary>
/// One shard's part in the query's watermark, as <see cref="WatermarkTracker"/> keeps it and the checkpoint stores it.
/// </summary>
/// <param name="ShardId">The shard, e.g. <c>shardId-000000000001</c>.</param>
/// <param name="MaxEventTimeMs">The latest valid event time the shard delivered, epoch ms UTC.</param>
/// <param name="LastActiveMs">The batch time (processing time, epoch ms) of the last batch in which the shard delivered a trade.</param>
/// <param name="Ended">True once the shard can deliver nothing more (a drained parent shard, an ended file).</param>
public sealed record ShardWatermark(string ShardId, long MaxEventTimeMs, long LastActiveMs, bool Ended);
