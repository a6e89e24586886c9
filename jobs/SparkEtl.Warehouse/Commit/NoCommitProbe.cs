namespace SparkEtl.Warehouse.Commit;

/// <summary>The probe of a production run: it observes nothing.</summary>
public sealed class NoCommitProbe : ICommitProbe
{
    public static NoCommitProbe Instance { get; } = new();

    private NoCommitProbe()
    {
    }

    public void Reached(string point, long batchId)
    {
    }

    public void Publishing(string key)
    {
    }
}
