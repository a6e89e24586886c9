namespace SparkEtl.Runner.Checkpoint;

/// <summary><c>commits/N</c>: written only after every file and the window state of batch N are durable.</summary>
/// <param name="Files">The data files the batch wrote, by warehouse key.</param>
public sealed record BatchCommit(long BatchId, IReadOnlyList<CommittedFile> Files);

/// <summary>One data file of a committed batch.</summary>
public sealed record CommittedFile(string Table, string Key, string Partition, long Rows, long Bytes);
