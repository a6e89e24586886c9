namespace SparkEtl.Core.Configuration;

/// <summary>Where records come from.</summary>
public enum SourceKind
{
    /// <summary><c>demo</c>: the built-in deterministic ticker simulator (like Firehose's "send demo data").</summary>
    Demo,

    /// <summary><c>file:PATH</c>: captured Kinesis records or plain ticker NDJSON.</summary>
    File,

    /// <summary><c>kinesis:STREAM</c>: a Kinesis data stream.</summary>
    Kinesis,
}
