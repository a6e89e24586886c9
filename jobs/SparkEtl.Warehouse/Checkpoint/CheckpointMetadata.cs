namespace SparkEtl.Warehouse.Checkpoint;

/// <summary>
/// The checkpoint's <c>metadata</c> file: the query's id and the settings a checkpoint is bound to.
/// A run whose settings differ in any of <see cref="Fingerprint"/> is refused.
/// </summary>
/// <param name="Id">The query id, the same across restarts.</param>
/// <param name="Fingerprint">Setting path → value, for the settings that decide what the output files are.</param>
public sealed record CheckpointMetadata(string Id, SortedDictionary<string, string> Fingerprint);
