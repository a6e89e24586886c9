namespace SparkEtl.Iceberg.Metadata;

/// <summary>A snapshot in table metadata (Iceberg spec, "Snapshots").</summary>
/// <param name="SnapshotId">Its id, positive and unique in the table.</param>
/// <param name="ParentSnapshotId">The snapshot it was based on, or null for the first.</param>
/// <param name="SequenceNumber">The table's sequence number it was committed with.</param>
/// <param name="TimestampMs">When it was created, epoch milliseconds.</param>
/// <param name="ManifestList">The location (URI) of its manifest list.</param>
/// <param name="Summary">The summary: <c>operation</c> (append, replace, ...), counts, and SparkEtl's query and batch ids.</param>
/// <param name="SchemaId">The schema current when it was created.</param>
public sealed record IcebergSnapshot(
    long SnapshotId,
    long? ParentSnapshotId,
    long SequenceNumber,
    long TimestampMs,
    string ManifestList,
    IReadOnlyDictionary<string, string> Summary,
    int SchemaId)
{
    /// <summary>The summary key holding the streaming query's id.</summary>
    public const string QueryIdKey = "sparketl.query-id";

    /// <summary>The summary key holding the micro-batch id, in decimal.</summary>
    public const string BatchIdKey = "sparketl.batch-id";

    /// <summary>The summary's <c>operation</c>.</summary>
    public string Operation => Summary.TryGetValue("operation", out var operation) ? operation : "append";

    /// <summary>True when this snapshot committed batch <paramref name="batchId"/> of query <paramref name="queryId"/>.</summary>
    public bool Commits(string queryId, long batchId) =>
        Summary.TryGetValue(QueryIdKey, out var query) && query == queryId
        && Summary.TryGetValue(BatchIdKey, out var batch) && batch == batchId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
