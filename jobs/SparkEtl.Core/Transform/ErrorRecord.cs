using SparkEtl.Core.Records;

namespace SparkEtl.Core.Transform;

/// <summary>
/// A record that failed (Firehose's <c>ProcessingFailed</c>) or came late: a row of the <c>errors</c>
/// table. It keeps the raw bytes it failed on, so nothing is lost.
/// </summary>
/// <param name="Type">The reason code.</param>
/// <param name="Message">What was expected, what was found and where.</param>
/// <param name="RawData">The bytes that failed: the whole Kinesis data, the KPL sub-record, or the log message.</param>
/// <param name="Position">Where the failed bytes came from.</param>
/// <param name="LogEventId">The CloudWatch Logs event id when the failure is inside a log event, else null.</param>
/// <param name="ArrivalMs">The Kinesis approximate arrival time of the record, epoch ms UTC.</param>
public sealed record ErrorRecord(
    ErrorType Type,
    string Message,
    ReadOnlyMemory<byte> RawData,
    SourcePosition Position,
    string? LogEventId,
    long ArrivalMs);
