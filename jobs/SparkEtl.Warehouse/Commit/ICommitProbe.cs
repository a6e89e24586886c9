namespace SparkEtl.Warehouse.Commit;

/// <summary>
/// The points of the commit protocol where a crash matters, reported as the engine reaches them. The shipped engines
/// pass <see cref="NoCommitProbe.Instance"/>; the crash tests pass a probe that kills the process at a chosen point, so
/// they can stop the engine exactly between two durable steps.
/// </summary>
public interface ICommitProbe
{
    /// <summary>
    /// Batch <paramref name="batchId"/> reached <paramref name="point"/>: <c>after-offsets</c>, <c>after-first-file</c>,
    /// <c>after-files</c>, <c>after-reconcile</c>, <c>after-catalog</c>, <c>after-state</c> or <c>after-commit</c>.
    /// </summary>
    void Reached(string point, long batchId);

    /// <summary>An object's bytes are durable under a temporary name and about to be published under <paramref name="key"/>.</summary>
    void Publishing(string key);
}
