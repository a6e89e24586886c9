namespace SparkEtl.Cli.Inspect;

/// <summary>
/// What one piece of record data holds, as the pipeline reads it: plain JSON, a gzip CloudWatch Logs envelope (its fields
/// and log events) or a KPL aggregate (its sub-records), down to the units that each yield one transform result.
/// </summary>
internal sealed class InspectedNode
{
    /// <summary><c>json</c>, <c>cloudwatch</c>, <c>kpl</c>, <c>gzip</c> (gzip that is no envelope) or <c>text</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Bytes after inflating, for gzip data.</summary>
    public long? InflatedBytes { get; init; }

    /// <summary>The data as text, for a plain (not gzip, not KPL) unit.</summary>
    public string? Text { get; init; }

    /// <summary>The JSON object the transform reads, when one is found (a whole record, or after a log line's prefix).</summary>
    public string? Ticker { get; init; }

    /// <summary>The envelope's messageType, owner, logGroup, logStream and subscriptionFilters (as JSON text).</summary>
    public IReadOnlyList<(string Name, string Json)>? Envelope { get; init; }

    public IReadOnlyList<InspectedLogEvent> LogEvents { get; init; } = [];

    /// <summary>The KPL partition key table.</summary>
    public IReadOnlyList<string>? PartitionKeys { get; init; }

    public IReadOnlyList<(int Index, string PartitionKey, InspectedNode Data)> SubRecords { get; init; } = [];

    /// <summary>True when this node as a whole yields one result (plain data, a control message, data that does not decode).</summary>
    public bool IsUnit { get; init; }

    public TransformResult? Result { get; set; }
}
