namespace SparkEtl.Runner.Pipeline;

/// <summary>Told about each finished micro-batch (the console view, the progress log).</summary>
public interface IProgressListener
{
    void BatchCompleted(BatchReport report);
}
