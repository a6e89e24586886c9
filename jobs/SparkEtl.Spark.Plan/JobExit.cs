using SparkEtl.Core;

namespace SparkEtl.Spark.Plan;

/// <summary>
/// The Spark job's exit codes and its one-line failure message: 0 done, 1 failed (what failed and where, on one line),
/// 2 bad configuration (the setting, its value and what is allowed). No exception leaves the job unhandled.
/// </summary>
public static class JobExit
{
    /// <summary>The query stopped (a <c>once</c> trigger ran its batch, or the query was stopped).</summary>
    public const int Done = 0;

    /// <summary>Anything failed that is not the configuration.</summary>
    public const int Failed = 1;

    /// <summary>The configuration is wrong; nothing was done.</summary>
    public const int BadConfiguration = 2;

    /// <summary>The exit code for a failure.</summary>
    public static int CodeOf(Exception failure) => failure is ConfigurationException ? BadConfiguration : Failed;

    /// <summary>
    /// The failure on one line: each message of the exception chain, outermost first, reduced to its first line (a JVM
    /// exception's message carries its stack trace) and joined by ": ", with the type named for exceptions that are not
    /// SparkEtl's own. A message already contained in the line so far is not repeated.
    /// </summary>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var line = "";
        for (var e = failure; e is not null; e = e.InnerException)
        {
            var message = FirstLine(e.Message);
            var part = e is SparkEtlException ? message : $"{e.GetType().Name}: {message}";
            if (message.Length > 0 && !line.Contains(message, StringComparison.Ordinal))
            {
                line = line.Length == 0 ? part : $"{line}: {part}";
            }
        }

        return line.Length == 0 ? failure.GetType().Name : line;
    }

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? message : message[..end]).Trim();
    }
}
