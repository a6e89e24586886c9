using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Status.Tests;

/// <summary>Keeps every progress record the engine reports and passes each report on.</summary>
internal sealed class RecordingListener(IProgressListener next) : IProgressListener
{
    private readonly List<QueryProgress> _records = [];

    public IReadOnlyList<QueryProgress> Records => _records;

    public void BatchCompleted(BatchReport report)
    {
        _records.Add(report.Progress);
        next.BatchCompleted(report);
    }
}
