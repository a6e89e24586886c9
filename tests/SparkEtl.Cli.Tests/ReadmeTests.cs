using SparkEtl.Core.Configuration;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary>The README's settings table stays true to the settings the code knows.</summary>
public class ReadmeTests
{
    [Fact]
    public void SettingsTable_ListsEverySettingWithItsDefault()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .ToList();

        foreach (var setting in EtlSettingsBinder.Definitions)
        {
            var row = rows.FirstOrDefault(r => r.Split('|')[1].Contains($"`{setting.Path}`", StringComparison.Ordinal));
            Assert.True(row is not null, $"README has no row for {setting.Path}");
            if (setting.Default is not null)
            {
                Assert.Contains($"`{setting.Default}`", row.Split('|')[2], StringComparison.Ordinal);
            }
        }
    }
}
