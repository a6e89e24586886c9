namespace SparkEtl.Cli.Logging;

/// <summary>How log entries are written to standard error (<c>--log-format</c>).</summary>
internal enum LogFormat
{
    /// <summary>One readable line per entry: time, level, message.</summary>
    Text,

    /// <summary>One JSON object per line (for CloudWatch Logs and other collectors): time, level, event id and name, message, and each value by name.</summary>
    Json,
}
