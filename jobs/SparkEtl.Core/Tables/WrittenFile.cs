namespace SparkEtl.Core.Tables;

/// <summary>One file a batch wrote: its table (or the raw backup), key below the warehouse root, <c>dt</c> partition value, rows and bytes.</summary>
public sealed record WrittenFile(string Table, string Key, string Partition, long Rows, long Bytes);
