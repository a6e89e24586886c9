namespace SparkEtl.Runner.Pipeline;

/// <summary>One data file a batch wrote: its key in the warehouse, partition value, rows and size.</summary>
public sealed record WrittenFile(string Table, string Key, string Partition, long Rows, long Bytes);
