namespace SparkEtl.Soak.Internal;

/// <summary>One Kinesis record the producer made: its bytes, where it goes and the units it carries.</summary>
/// <param name="Id">The producer's number for it, from 0.</param>
/// <param name="Shape"><c>raw</c>, <c>cloudwatch</c>, <c>kpl</c>, <c>garbage</c> (a whole record that cannot decode) or <c>sentinel</c>.</param>
/// <param name="PartitionKey">The partition key.</param>
/// <param name="ExplicitHashKey">The explicit hash key (sentinels, to reach each shard), or null.</param>
/// <param name="Data">The record's data; unique within a run, so the record is found on the stream by its digest.</param>
/// <param name="Units">What it carries.</param>
internal sealed record ProducedRecord(long Id, string Shape, string PartitionKey, string? ExplicitHashKey, byte[] Data, IReadOnlyList<ProducedUnit> Units);
