using System.Diagnostics;
using System.Globalization;

namespace SparkEtl.Runner.Internal;

/// <summary>
/// A crash-test hook: <c>SPARKETL_FAULT=point:batch</c> (e.g. <c>after-offsets:3</c>) kills this process
/// with SIGKILL when batch 3 reaches that point, and <c>SPARKETL_FAULT=during-put:KEY-PREFIX</c> kills it
/// while the first object whose key starts with the prefix is written but not yet in place. Unset,
/// it does nothing. Used by the crash tests to stop the engine at exact points.
/// </summary>
internal static class FaultInjection
{
    private static readonly (string Point, string Argument)? Fault = Parse(Environment.GetEnvironmentVariable("SPARKETL_FAULT"));

    /// <summary>Dies here if the fault names this point and batch.</summary>
    public static void At(string point, long batchId)
    {
        if (Fault is { } fault && fault.Point == point && fault.Argument == batchId.ToString(CultureInfo.InvariantCulture))
        {
            Die();
        }
    }

    /// <summary>Dies here if the fault is <c>during-put</c> with a prefix of <paramref name="key"/>.</summary>
    public static void DuringPut(string key)
    {
        if (Fault is { Point: "during-put" } fault && key.StartsWith(fault.Argument, StringComparison.Ordinal))
        {
            Die();
        }
    }

    private static void Die()
    {
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }

    private static (string, string)? Parse(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 ? (value![..colon], value[(colon + 1)..]) : null;
    }
}
