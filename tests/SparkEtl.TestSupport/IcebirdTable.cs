using System.Text.Json;

namespace SparkEtl.TestSupport;

/// <summary>What icebird read: the snapshot, the data files it lists, and the rows.</summary>
public sealed record IcebirdTable(long SnapshotId, IReadOnlyList<string> DataFiles, IReadOnlyList<JsonElement> Rows);
