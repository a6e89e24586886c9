namespace SparkEtl.Core.Configuration;

/// <summary>
/// Finds <c>SPARKETL_*</c> environment variables that name no setting (a misspelt one would otherwise be ignored
/// silently), each with the known variable closest to it.
/// </summary>
public static class SettingsEnvironment
{
    /// <summary>The prefix of every setting's environment variable.</summary>
    public const string Prefix = "SPARKETL_";

    /// <summary>
    /// <c>SPARKETL_*</c> variables that are not settings but are read by the project's own scripts and test hosts
    /// (the crash tests' fault point, the benchmark's cache, the local AWS stand-ins' state, the executable the CLI tests
    /// run, ...).
    /// </summary>
    public static IReadOnlyList<string> ToolVariables { get; } =
    [
        "SPARKETL_FAULT", "SPARKETL_CRASH_KILLS", "SPARKETL_BENCH_CACHE", "SPARKETL_LOCAL_AWS_STATE",
        "SPARKETL_REGENERATE_GOLDEN", "SPARKETL_KINESIS_CONNECTOR_JAR", "SPARKETL_BOTOCORE_DATA", "SPARKETL_TEST_EXECUTABLE",
    ];

    /// <summary>
    /// The <c>SPARKETL_*</c> names among <paramref name="variables"/> that are neither a setting of <paramref name="known"/>
    /// nor a <see cref="ToolVariables">tool variable</see>, in ordinal order, each with the closest setting variable
    /// (by edit distance, when it is near enough to be a likely misspelling; else null).
    /// </summary>
    public static IReadOnlyList<(string Variable, string? Closest)> FindUnknown(IEnumerable<SettingDefinition> known, IEnumerable<string> variables)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(variables);
        var names = known.Select(k => k.EnvironmentVariable).ToList();
        var accepted = new HashSet<string>(names.Concat(ToolVariables), StringComparer.Ordinal);
        return
        [
            .. variables
                .Where(v => v.StartsWith(Prefix, StringComparison.Ordinal) && !accepted.Contains(v))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(v => (v, Closest(v, names))),
        ];
    }

    private static string? Closest(string variable, IReadOnlyList<string> names)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in names)
        {
            var distance = Distance(variable[Prefix.Length..], name[Prefix.Length..]);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        // Near enough to be a slip of the keyboard or a forgotten word: a third of the name at most.
        return best is not null && bestDistance <= Math.Max(2, (variable.Length - Prefix.Length) / 3) ? best : null;
    }

    // Levenshtein distance over two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
