using System.Globalization;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.CrashHost;

/// <summary>
/// Holds this process where <c>SPARKETL_PAUSE=point:batch</c> says until the file <c>SPARKETL_PAUSE_UNTIL</c> names
/// exists, writing <c>&lt;that file&gt;.paused</c> when it stops there: lets a test put a second run beside it at an exact
/// moment of the commit protocol. Passes every point on to <paramref name="next"/>.
/// </summary>
internal sealed class PausingProbe(string point, string batch, string releaseFile, ICommitProbe? next) : ICommitProbe
{
    public static ICommitProbe? FromEnvironment(ICommitProbe? next)
    {
        var value = Environment.GetEnvironmentVariable("SPARKETL_PAUSE");
        var release = Environment.GetEnvironmentVariable("SPARKETL_PAUSE_UNTIL");
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && release is not null ? new PausingProbe(value![..colon], value[(colon + 1)..], release, next) : next;
    }

    public void Reached(string reached, long batchId)
    {
        if (reached == point && batch == batchId.ToString(CultureInfo.InvariantCulture))
        {
            File.WriteAllText(releaseFile + ".paused", reached);
            while (!File.Exists(releaseFile))
            {
                // A test host waiting for its test: it polls a file, nothing else runs meanwhile.
                Thread.Sleep(50);
            }
        }

        next?.Reached(reached, batchId);
    }

    public void Publishing(string key) => next?.Publishing(key);
}
