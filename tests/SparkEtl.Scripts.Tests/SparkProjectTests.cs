using System.Text.RegularExpressions;
using System.Xml.Linq;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>
/// The Spark job's project, which the default build never restores (Microsoft.Spark is not on every feed): what can be
/// checked without Microsoft.Spark.
/// </summary>
public partial class SparkProjectTests
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "jobs", "SparkEtl.Spark", "SparkEtl.Spark.csproj");

    private static Dictionary<string, string> PackageVersions(string file, string item) =>
        XDocument.Load(file).Descendants(item).ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.Ordinal);

    [Fact]
    public void Project_IsNotInTheSolution_ButItsPlanIs()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "SparkEtl.sln"));

        Assert.DoesNotContain("SparkEtl.Spark.csproj", solution, StringComparison.Ordinal);
        Assert.Contains("SparkEtl.Spark.Plan.csproj", solution, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_TargetsTheWorkersRuntimeAndReferencesTheProjectsItNeeds()
    {
        var project = XDocument.Load(Project);

        Assert.Equal("net8.0", project.Descendants("TargetFramework").Single().Value);
        Assert.Empty(project.Descendants("Compile"));
        Assert.Equal(
            ["../SparkEtl.Core/SparkEtl.Core.csproj", "../SparkEtl.Aws/SparkEtl.Aws.csproj", "../SparkEtl.Warehouse/SparkEtl.Warehouse.csproj", "../SparkEtl.Spark.Plan/SparkEtl.Spark.Plan.csproj"],
            project.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value));
    }

    /// <summary>
    /// Microsoft.Spark.Worker 2.3.1 is a self-contained .NET 8 process that loads the job's assemblies to run its UDFs, so
    /// every project the job references builds for net8.0 as well as the repository's net10.0 (the default build builds both).
    /// </summary>
    [Theory]
    [InlineData("SparkEtl.Core")]
    [InlineData("SparkEtl.Aws")]
    [InlineData("SparkEtl.Warehouse")]
    [InlineData("SparkEtl.Spark.Plan")]
    public void ReferencedProjects_AlsoTargetTheWorkersRuntime(string name)
    {
        var project = XDocument.Load(Path.Combine(RepositoryPaths.Root, "jobs", name, name + ".csproj"));

        Assert.Equal(["net8.0", "net10.0"], project.Descendants("TargetFrameworks").Single().Value.Split(';'));
    }

    [Fact]
    public void Project_PinsOnlyMicrosoftSpark_TheRestComesWithTheProjects()
    {
        var pinned = PackageVersions(Project, "PackageReference");

        Assert.Equal(new Dictionary<string, string> { ["Microsoft.Spark"] = "2.3.1" }, pinned);
    }

    /// <summary>
    /// The grouped-map function takes and returns Apache.Arrow record batches of the assembly the worker loads: the
    /// Apache.Arrow that Microsoft.Spark 2.3.1 depends on (14.0.2), not a newer one the feed also serves.
    /// </summary>
    [Fact]
    public void PlanProject_UsesTheArrowOfMicrosoftSpark_AndNoMicrosoftSpark()
    {
        var central = PackageVersions(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"), "PackageVersion");
        var plan = XDocument.Load(Path.Combine(RepositoryPaths.Root, "jobs", "SparkEtl.Spark.Plan", "SparkEtl.Spark.Plan.csproj"));

        Assert.Equal("14.0.2", central["Apache.Arrow"]);
        Assert.Contains("Apache.Arrow", plan.Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value));
        Assert.DoesNotContain("Microsoft.Spark", plan.Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value));
    }

    [Fact]
    public void Scripts_UseTheMicrosoftSparkVersionTheProjectPins()
    {
        var version = PackageVersions(Project, "PackageReference")["Microsoft.Spark"];
        var scripts = string.Join("\n", Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "scripts"), "*.sh").Select(File.ReadAllText));

        var mentioned = VersionedArtifact().Matches(scripts).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(mentioned);
        Assert.All(mentioned, v => Assert.Equal(version, v));
    }

    /// <summary>
    /// Table names, columns and file names come from SparkEtl.Core (SparkEtlTables, OutputNaming), the code the embedded
    /// engine writes with; the Spark job must not spell any of them itself.
    /// </summary>
    [Fact]
    public void SparkJobSources_SpellNoTableNameOrFileName()
    {
        var sources = Directory.EnumerateFiles(Path.GetDirectoryName(Project)!, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);

        Assert.NotEmpty(sources);
        foreach (var (file, text) in sources)
        {
            Assert.DoesNotMatch(TableOrFileLiteral(), text);
            Assert.False(TableOrFileLiteral().IsMatch(text), $"{file} spells a table or file name");
        }
    }

    [GeneratedRegex(@"(?:microsoft-spark-3-5_2\.12-|Microsoft\.Spark\.Worker[.-][^ ""]*?)(\d+\.\d+\.\d+)")]
    private static partial Regex VersionedArtifact();

    [GeneratedRegex(@"""(trades|errors|ohlc_[^""]*|[^""]*part-[^""]*|[^""]*\.parquet|ticker_symbol|event_time|dt)""")]
    private static partial Regex TableOrFileLiteral();
}
