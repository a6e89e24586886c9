namespace SparkEtl.Core.Producing;

/// <summary>One log event of a CloudWatch Logs subscription envelope.</summary>
/// <param name="Id">The event id, a decimal string.</param>
/// <param name="TimestampMs">When the event was logged, epoch ms UTC.</param>
/// <param name="Message">The log line.</param>
public sealed record CloudWatchLogEvent(string Id, long TimestampMs, string Message);
