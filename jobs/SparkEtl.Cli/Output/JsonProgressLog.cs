using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Cli.Output;

/// <summary>Each committed batch's progress record as one JSON line, for log collectors (CloudWatch, EMR step logs).</summary>
internal sealed class JsonProgressLog(TextWriter error) : IProgressListener
{
    public void BatchCompleted(BatchReport report)
    {
        error.WriteLine(report.Progress.ToJson());
        error.Flush();
    }
}
