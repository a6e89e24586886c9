using System.Diagnostics;
using System.Globalization;
using SparkEtl.Warehouse.Commit;

namespace SparkEtl.CrashHost;

/// <summary>
/// Kills this process with SIGKILL where <c>SPARKETL_FAULT</c> says: <c>point:batch</c> (e.g. <c>after-offsets:3</c>) when
/// batch 3 reaches that point, or <c>during-put:KEY-PREFIX</c> while the first object whose key starts with the prefix is
/// durable under its temporary name but not yet published.
/// </summary>
internal sealed class KillingProbe(string point, string argument) : ICommitProbe
{
    public static ICommitProbe? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("SPARKETL_FAULT");
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 ? new KillingProbe(value![..colon], value[(colon + 1)..]) : null;
    }

    public void Reached(string reached, long batchId)
    {
        if (reached == point && argument == batchId.ToString(CultureInfo.InvariantCulture))
        {
            Die();
        }
    }

    public void Publishing(string key)
    {
        if (point == "during-put" && key.StartsWith(argument, StringComparison.Ordinal))
        {
            Die();
        }
    }

    private static void Die()
    {
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }
}
