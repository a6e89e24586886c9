namespace SparkEtl.Core.Transform;

/// <summary>Why a record was filtered on purpose (Firehose's <c>Dropped</c>): counted, not stored.</summary>
public enum DropReason
{
    /// <summary><c>control-message</c>: a CloudWatch Logs CONTROL_MESSAGE envelope (destination health check).</summary>
    ControlMessage,

    /// <summary>
    /// <c>platform-log-line</c>: a Lambda platform line (START, END, REPORT, INIT_START …) that a
    /// subscription filter let through; it never carries ticker data.
    /// </summary>
    PlatformLogLine,
}
