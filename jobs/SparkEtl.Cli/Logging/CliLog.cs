using Microsoft.Extensions.Logging;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Logging;

/// <summary>
/// The log messages of <c>sparketl</c>, source-generated, each with a stable event id (collectors and alarms may key
/// on them; README "Logs" lists them). 1xxx: a run's life; 2xxx: its batches; 3xxx: configuration; 9xxx: failures.
/// </summary>
internal static partial class CliLog
{
    [LoggerMessage(EventId = 1000, EventName = "RunStarting", Level = LogLevel.Information,
        Message = "Starting: {Source} -> {Warehouse} (checkpoint {Checkpoint}, trigger {Trigger}, window {Window}, watermark delay {WatermarkDelay})")]
    public static partial void RunStarting(ILogger logger, string source, string warehouse, string checkpoint, string trigger, string window, string watermarkDelay);

    [LoggerMessage(EventId = 1001, EventName = "QueryCreated", Level = LogLevel.Information,
        Message = "New query {QueryId} with its checkpoint at {Checkpoint}")]
    public static partial void QueryCreated(ILogger logger, string queryId, string checkpoint);

    [LoggerMessage(EventId = 1002, EventName = "QueryResumed", Level = LogLevel.Information,
        Message = "Resuming query {QueryId} after batch {LastCommittedBatch} from the checkpoint at {Checkpoint}")]
    public static partial void QueryResumed(ILogger logger, string queryId, long lastCommittedBatch, string checkpoint);

    [LoggerMessage(EventId = 1003, EventName = "TriggerIdle", Level = LogLevel.Information,
        Message = "Idle: no new records for {IdleSeconds} s; next batch {NextBatchId}, watermark {Watermark}, {OpenWindows} windows open")]
    public static partial void TriggerIdle(ILogger logger, long idleSeconds, long nextBatchId, string watermark, int openWindows);

    [LoggerMessage(EventId = 1004, EventName = "StopRequested", Level = LogLevel.Warning,
        Message = "{Signal}: stopping after the batch in flight commits (send it again to stop at once)")]
    public static partial void StopRequested(ILogger logger, string signal);

    [LoggerMessage(EventId = 1005, EventName = "StopNow", Level = LogLevel.Warning,
        Message = "{Signal}: stopping now; the batch in flight stays uncommitted and is replayed by the next run")]
    public static partial void StopNow(ILogger logger, string signal);

    [LoggerMessage(EventId = 1006, EventName = "StoppedAtOnce", Level = LogLevel.Warning,
        Message = "Stopped at once; the batch in flight was not committed and the next run replays it")]
    public static partial void StoppedAtOnce(ILogger logger);

    [LoggerMessage(EventId = 1007, EventName = "WindowsStillOpen", Level = LogLevel.Information,
        Message = "{OpenWindows} windows are still open: each is written once the watermark (now {Watermark}) passes its end")]
    public static partial void WindowsStillOpen(ILogger logger, int openWindows, string watermark);

    [LoggerMessage(EventId = 1008, EventName = "RunFinished", Level = LogLevel.Information,
        Message = "Finished: {Batches} batches, {InputRecords} records, {Trades} trades, {Failed} errors in {Seconds} s")]
    public static partial void RunFinished(ILogger logger, long batches, long inputRecords, long trades, long failed, double seconds);

    [LoggerMessage(EventId = 1009, EventName = "NothingNew", Level = LogLevel.Information,
        Message = "Nothing new to read from {Source}: the checkpoint at {Checkpoint} has processed all of it")]
    public static partial void NothingNew(ILogger logger, string source, string checkpoint);

    [LoggerMessage(EventId = 1010, EventName = "StatusServing", Level = LogLevel.Information,
        Message = "status page: {Address}")]
    public static partial void StatusServing(ILogger logger, string address);

    [LoggerMessage(EventId = 2000, EventName = "BatchCommitted", Level = LogLevel.Information,
        Message = "Batch {BatchId} committed: {InputRecords} records, {Trades} trades, {Dropped} dropped, {Failed} failed, {Bars} bars, watermark {Watermark}, {Files} files in {DurationMs} ms")]
#pragma warning disable SYSLIB1015 // The progress record rides along as a value (JSON logs carry it whole); the text line summarises it.
    public static partial void BatchCommitted(ILogger logger, long batchId, long inputRecords, long trades, long dropped, long failed, long bars, string watermark, int files, long durationMs, QueryProgress progress);
#pragma warning restore SYSLIB1015

    [LoggerMessage(EventId = 2001, EventName = "BatchReplayed", Level = LogLevel.Warning,
        Message = "Batch {BatchId} was planned by an earlier run that stopped before committing it; it ran again on its checkpointed offsets")]
    public static partial void BatchReplayed(ILogger logger, long batchId);

    [LoggerMessage(EventId = 2002, EventName = "LeftoversDeleted", Level = LogLevel.Warning,
        Message = "Batch {BatchId}: deleted {Files} files an earlier attempt wrote and this one did not, before the commit")]
    public static partial void LeftoversDeleted(ILogger logger, long batchId, int files);

    [LoggerMessage(EventId = 2003, EventName = "LateRecords", Level = LogLevel.Information,
        Message = "Batch {BatchId}: {LateRecords} trades came behind the watermark {Watermark}; they are in trades and have late-record rows in errors")]
    public static partial void LateRecords(ILogger logger, long batchId, long lateRecords, string watermark);

    [LoggerMessage(EventId = 3000, EventName = "UnknownEnvironmentVariable", Level = LogLevel.Warning,
        Message = "{Variable} is not a SparkEtl setting and is ignored; did you mean {Closest}?")]
    public static partial void UnknownEnvironmentVariable(ILogger logger, string variable, string closest);

    [LoggerMessage(EventId = 3001, EventName = "UnknownEnvironmentVariableUnmatched", Level = LogLevel.Warning,
        Message = "{Variable} is not a SparkEtl setting and is ignored (see 'sparketl settings' for the variables)")]
    public static partial void UnknownEnvironmentVariableNoMatch(ILogger logger, string variable);

    [LoggerMessage(EventId = 9000, EventName = "InvalidConfiguration", Level = LogLevel.Error, Message = "{Command}: {Problem}")]
    public static partial void InvalidConfiguration(ILogger logger, string command, string problem);

    [LoggerMessage(EventId = 9001, EventName = "CredentialsMissing", Level = LogLevel.Error, Message = "{Command}: {Problem}")]
    public static partial void CredentialsMissing(ILogger logger, string command, string problem);

    [LoggerMessage(EventId = 9002, EventName = "CheckpointInUse", Level = LogLevel.Error, Message = "{Command}: {Problem}")]
    public static partial void CheckpointInUse(ILogger logger, string command, string problem);

    [LoggerMessage(EventId = 9003, EventName = "Failed", Level = LogLevel.Error, Message = "{Command}: failed: {Problem}")]
    public static partial void Failed(ILogger logger, string command, string problem, Exception? exception);
}
