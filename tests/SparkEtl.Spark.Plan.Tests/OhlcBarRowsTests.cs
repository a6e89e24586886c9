using SparkEtl.Core.Aggregation;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan.Tests;

public class OhlcBarRowsTests
{
    [Fact]
    public void Values_AreTheBarInTheTablesColumnOrder_TimesInEpochMilliseconds() => Assert.Equal(
        [1_700_000_040_000L, 1_700_000_100_000L, "JIB", null, 44.1, 45.5, 44.0, 45.0, 3L, 44.5],
        OhlcBarRows.Values(SparkEtlTables.Ohlc("ohlc_1m"), new OhlcBar(1_700_000_040_000, 1_700_000_100_000, "JIB", null, 44.1, 45.5, 44.0, 45.0, 3, 44.5)));

    [Fact]
    public void Values_AreAsManyAsTheRowSchemaHasFields()
    {
        var table = IcebergSparkTables.For(SparkJobSettings.Bind(("warehouse", "s3://example-data/warehouse"), ("catalog.mode", "glue")))[1];

        var values = OhlcBarRows.Values(table.Definition, new OhlcBar(0, 60_000, "JIB", "AUTOMOBILE", 1, 1, 1, 1, 1, 1));

        Assert.Equal(System.Text.Json.JsonDocument.Parse(table.RowSchemaJson).RootElement.GetProperty("fields").GetArrayLength(), values.Length);
    }

    [Fact]
    public void Values_ATableThatIsNotTheBars_IsRefusedNamingTheColumn() =>
        Assert.Contains("error_type", Assert.Throws<ArgumentException>(() => OhlcBarRows.Values(SparkEtlTables.Errors, new OhlcBar(0, 1, "A", null, 1, 1, 1, 1, 1, 1))).Message, StringComparison.Ordinal);
}
