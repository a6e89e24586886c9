using System.Text.Json;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan.Tests;

public class SparkSqlTypesTests
{
    [Fact]
    public void SchemaJson_IsAStructOfTheColumns()
    {
        using var json = JsonDocument.Parse(SparkSqlTypes.SchemaJson(SparkEtlTables.Errors));

        var fields = json.RootElement.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal("struct", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(SparkEtlTables.Errors.Columns.Select(c => c.Name), fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("timestamp", fields.Single(f => f.GetProperty("name").GetString() == "arrival_time").GetProperty("type").GetString());
        Assert.False(fields[0].GetProperty("nullable").GetBoolean());
    }

    [Fact]
    public void Of_MapsEveryColumnTypeToItsSparkName() =>
        Assert.Equal(["string", "long", "double", "timestamp"],
            new[] { Core.Parquet.ParquetColumnType.String, Core.Parquet.ParquetColumnType.Int64, Core.Parquet.ParquetColumnType.Double, Core.Parquet.ParquetColumnType.TimestampMillis }.Select(SparkSqlTypes.Of));
}
