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
    private static readonly TimeSpan ReleaseDeadline = TimeSpan.FromMinutes(5);

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
            WaitForRelease();
        }

        next?.Reached(reached, batchId);
    }

    public void Publishing(string key) => next?.Publishing(key);

    // Woken when the release file appears (checked again at least every 50 ms, in case the watcher misses it);
    // a test that never releases the host gets an error after ReleaseDeadline instead of a run that hangs.
    private void WaitForRelease()
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(releaseFile))!;
        using var released = new ManualResetEventSlim();
        using var watcher = new FileSystemWatcher(folder, Path.GetFileName(releaseFile)) { EnableRaisingEvents = true };
        watcher.Created += (_, _) => released.Set();
        var deadline = DateTime.UtcNow + ReleaseDeadline;
        while (!File.Exists(releaseFile))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"Paused at {point}:{batch}, and {releaseFile} did not appear within {ReleaseDeadline.TotalMinutes} minutes.");
            }

            released.Wait(TimeSpan.FromMilliseconds(50));
        }
    }
}
