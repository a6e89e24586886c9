using SparkEtl.Cli.Logging;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>Each committed batch's progress record as one JSON line on standard error (<c>--progress json</c>).</summary>
internal sealed class JsonProgressLog(DiagnosticsWriter writer) : IProgressListener
{
    public void BatchCompleted(BatchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine(report.Progress.ToJson());
    }
}
