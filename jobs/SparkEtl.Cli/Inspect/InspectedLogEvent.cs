namespace SparkEtl.Cli.Inspect;

/// <summary>One log event of a CloudWatch Logs envelope: its id, timestamp and message, the ticker found in it, and its result.</summary>
internal sealed class InspectedLogEvent
{
    public required string? Id { get; init; }

    public required long? TimestampMs { get; init; }

    public required string? Message { get; init; }

    public string? Ticker { get; init; }

    public TransformResult? Result { get; set; }
}
