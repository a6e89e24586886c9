using System.Text.RegularExpressions;

namespace SparkEtl.Cli.Tests;

/// <summary>The README's <c>sparketl query</c> examples that sit under a <c># title</c> comment, exactly as written.</summary>
internal static partial class ReadmeQueries
{
    /// <summary>Each titled query in <paramref name="readme"/>, in order.</summary>
    public static IReadOnlyList<(string Title, string Sql)> In(string readme) =>
        [.. Pattern().Matches(readme).Select(m => (m.Groups["title"].Value, m.Groups["sql"].Value))];

    [GeneratedRegex("# (?<title>[^\\n]+)\\nscripts/sparketl query \"(?<sql>[^\"]+)\"")]
    private static partial Regex Pattern();
}
