namespace SparkEtl.Runner.Pipeline;

/// <summary>
/// Told what a streaming query does: that it started (or resumed), each committed micro-batch, and each trigger that found
/// nothing to do. The console view, the JSON progress log, the run's logs and a status page listen. Calls come from the
/// query, one at a time and in order (not always on one thread); a listener must not block it for long.
/// </summary>
public interface IProgressListener
{
    /// <summary>A micro-batch committed (a replayed one included: <see cref="BatchReport.Replayed"/>).</summary>
    void BatchCompleted(BatchReport report);

    /// <summary>The query bound its checkpoint and is about to run its first batch (a replay of an uncommitted one first).</summary>
    void QueryStarted(QueryStart start)
    {
    }

    /// <summary>
    /// A trigger found no new records and no window the watermark could close, so no batch ran (Spark reports such
    /// triggers as idle progress events). Only an interval trigger keeps waiting after one.
    /// </summary>
    void TriggerIdle(IdleTrigger idle)
    {
    }
}
