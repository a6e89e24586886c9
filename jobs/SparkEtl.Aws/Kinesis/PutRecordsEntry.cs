namespace SparkEtl.Aws.Kinesis;

/// <summary>One record to put: its data bytes (sent base64-encoded), the partition key and an optional explicit hash key.</summary>
public sealed record PutRecordsEntry(string PartitionKey, ReadOnlyMemory<byte> Data, string? ExplicitHashKey = null);
