namespace SparkEtl.Runner.Pipeline;

/// <summary>How a streaming query started: a new checkpoint, or resuming one (and replaying a batch left uncommitted).</summary>
/// <param name="QueryId">The query's id, kept in the checkpoint's metadata: the same across restarts.</param>
/// <param name="RunId">This run's id.</param>
/// <param name="Checkpoint">Where the checkpoint is.</param>
/// <param name="ResumedAfterBatch">The last batch committed before this run, or -1 for a new checkpoint.</param>
/// <param name="ReplayingBatch">The batch an earlier run planned and did not commit, which runs again first; else null.</param>
public sealed record QueryStart(string QueryId, string RunId, string Checkpoint, long ResumedAfterBatch, long? ReplayingBatch);
