using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>Tells several listeners, in order, what the query does.</summary>
internal sealed class ProgressListeners(IReadOnlyList<IProgressListener> listeners) : IProgressListener
{
    public void BatchCompleted(BatchReport report)
    {
        foreach (var listener in listeners)
        {
            listener.BatchCompleted(report);
        }
    }

    public void QueryStarted(QueryStart start)
    {
        foreach (var listener in listeners)
        {
            listener.QueryStarted(start);
        }
    }

    public void TriggerIdle(IdleTrigger idle)
    {
        foreach (var listener in listeners)
        {
            listener.TriggerIdle(idle);
        }
    }
}
