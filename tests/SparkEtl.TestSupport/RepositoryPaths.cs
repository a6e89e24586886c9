namespace SparkEtl.TestSupport;

/// <summary>Well-known folders of the checkout the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds SparkEtl.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Golden inputs and expected outputs (tests/data).</summary>
    public static string TestData => Path.Combine(Root, "tests", "data");

    /// <summary>The node package with the independent readers and local AWS stand-ins (tests/interop).</summary>
    public static string Interop => Path.Combine(Root, "tests", "interop");

    /// <summary>The project's own test and benchmark tools (tests/tools): gen_tickers.py, expected_tables.py, the DuckDB peer.</summary>
    public static string Tools => Path.Combine(Root, "tests", "tools");

    private static string FindRoot()
    {
        var built = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "SparkEtl.sln")))
        {
            return built;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparkEtl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SparkEtl.sln above {AppContext.BaseDirectory} or where the tests were built.");
    }
}
