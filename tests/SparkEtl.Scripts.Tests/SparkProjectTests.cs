using System.Text.RegularExpressions;
using System.Xml.Linq;
using SparkEtl.TestSupport;

namespace SparkEtl.Scripts.Tests;

/// <summary>
/// The Spark job's project, which cannot be restored or built here: what can be checked without Microsoft.Spark.
/// </summary>
public partial class SparkProjectTests
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "jobs", "SparkEtl.Spark", "SparkEtl.Spark.csproj");

    private static Dictionary<string, string> PackageVersions(string file, string item) =>
        XDocument.Load(file).Descendants(item).ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.Ordinal);

    [Fact]
    public void Project_IsNotInTheSolution() =>
        Assert.DoesNotContain("SparkEtl.Spark.csproj", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "SparkEtl.sln")), StringComparison.Ordinal);

    [Fact]
    public void Project_TargetsTheWorkersRuntimeAndCompilesCoreAndAwsFromTheirSources()
    {
        var project = XDocument.Load(Project);

        Assert.Equal("net8.0", project.Descendants("TargetFramework").Single().Value);
        Assert.Equal(["../SparkEtl.Core/**/*.cs", "../SparkEtl.Aws/**/*.cs"], project.Descendants("Compile").Select(c => c.Attribute("Include")!.Value));
        Assert.Empty(project.Descendants("ProjectReference"));
    }

    [Fact]
    public void Project_PinsTheSamePackageVersionsAsTheRepository()
    {
        var central = PackageVersions(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"), "PackageVersion");
        var pinned = PackageVersions(Project, "PackageReference");

        Assert.Equal("2.3.1", pinned["Microsoft.Spark"]);
        Assert.All(pinned.Where(p => p.Key != "Microsoft.Spark"), p => Assert.Equal(central[p.Key], p.Value));
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

    /// <summary>
    /// Microsoft.Spark.Worker 2.3.1 is a self-contained .NET 8 process that loads the job's assembly, so the SparkEtl.Core
    /// and SparkEtl.Aws sources the job compiles must build for net8.0 under the repository's build policy. This builds
    /// them exactly as jobs/SparkEtl.Spark does, without Microsoft.Spark.
    /// </summary>
    [Fact]
    public async Task CoreAndAwsSources_BuildForNet8_TheRuntimeOfMicrosoftSparkWorker()
    {
        var probeFolder = Path.Combine(RepositoryPaths.Root, "artifacts", "net8-probe");
        Directory.CreateDirectory(probeFolder);
        var pinned = XDocument.Load(Project).Descendants("PackageReference").Where(p => p.Attribute("Include")!.Value != "Microsoft.Spark");
        var probe = new XDocument(new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("TargetFramework", "net8.0"),
                new XElement("AllowUnsafeBlocks", "true"),
                new XElement("ManagePackageVersionsCentrally", "false")),
            new XElement("ItemGroup",
                XDocument.Load(Project).Descendants("Compile").Select(c => new XElement("Compile",
                    new XAttribute("Include", "../../jobs/" + c.Attribute("Include")!.Value[3..]),
                    new XAttribute("Exclude", "../../jobs/" + c.Attribute("Exclude")!.Value.Replace("../", "", StringComparison.Ordinal).Replace(";", ";../../jobs/", StringComparison.Ordinal)))),
                pinned)));
        var probeProject = Path.Combine(probeFolder, "Net8Probe.csproj");
        probe.Save(probeProject);
        using var artifacts = new TempDirectory("sparketl-net8");

        var result = await ChildProcess.RunAsync("dotnet", ["build", probeProject, "--artifacts-path", artifacts.Path, "-nodeReuse:false", "--nologo", "-v", "quiet"],
            timeout: TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0,
            "SparkEtl.Core/SparkEtl.Aws do not build for net8.0, which the Spark job needs (APIs newer than .NET 8 need a net8.0 path):\n"
            + result.StandardOutput + result.StandardError);
    }

    [GeneratedRegex(@"(?:microsoft-spark-3-5_2\.12-|Microsoft\.Spark\.Worker[.-][^ ""]*?)(\d+\.\d+\.\d+)")]
    private static partial Regex VersionedArtifact();

    [GeneratedRegex(@"""(trades|errors|ohlc_[^""]*|[^""]*part-[^""]*|[^""]*\.parquet|ticker_symbol|event_time|dt)""")]
    private static partial Regex TableOrFileLiteral();
}
