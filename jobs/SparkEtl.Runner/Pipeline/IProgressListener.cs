namespace SparkEtl.Runner.Pipeline;

/// <summary>Told about each committed micro-batch (the console view, the JSON progress log).</summary>
public interface IProgressListener
{
    void BatchCompleted(BatchReport report);
}
