using SparkEtl.Core;
using SparkEtl.Spark.Plan;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkJobCatalogTests
{
    [Theory]
    [InlineData("glue", true, true, null)]
    [InlineData("projection", true, false, "2024-01-01")]
    [InlineData("none", false, false, null)]
    public void For_Mode_SaysWhatToRegister(string mode, bool tables, bool partitions, string? projectionStart) =>
        Assert.Equal(new SparkJobCatalog(tables, partitions, projectionStart),
            SparkJobCatalog.For(SparkJobSettings.Bind(("catalog.mode", mode), ("catalog.projectionStart", "2024-01-01")).Catalog));

    [Fact]
    public void For_Local_IsRefusedNamingTheSetting() =>
        Assert.Equal("catalog.mode", Assert.Throws<ConfigurationException>(() => SparkJobCatalog.For(SparkJobSettings.Bind(("catalog.mode", "local")).Catalog)).Setting);
}
