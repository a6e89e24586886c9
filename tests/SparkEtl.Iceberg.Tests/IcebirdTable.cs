using System.Text.Json;

namespace SparkEtl.Iceberg.Tests;

/// <summary>What icebird read: the snapshot, the data files it lists, and the rows.</summary>
internal sealed record IcebirdTable(long SnapshotId, IReadOnlyList<string> DataFiles, IReadOnlyList<JsonElement> Rows);
