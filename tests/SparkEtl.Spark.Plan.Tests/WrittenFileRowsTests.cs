using System.Text.Json;
using SparkEtl.Core.Tables;

namespace SparkEtl.Spark.Plan.Tests;

public class WrittenFileRowsTests
{
    [Fact]
    public void Batch_RoundTripsTheFiles()
    {
        WrittenFile[] files = [new("trades", "trades/dt=2023-11-14/part-00000001-000.snappy.parquet", "2023-11-14", 3, 1_234), new("errors", "errors/dt=2023-11-15/part-00000001-002.snappy.parquet", "2023-11-15", 1, 99)];

        using var batch = WrittenFileRows.ToBatch(files);

        Assert.Equal(files, WrittenFileRows.FromBatch(batch));
    }

    [Fact]
    public void Read_TakesACollectedRowWithNarrowerWholeNumbers() =>
        Assert.Equal(new WrittenFile("trades", "k", "2023-11-14", 3, 1_234), WrittenFileRows.Read(["trades", "k", "2023-11-14", 3, 1_234]));

    [Fact]
    public void StructJson_DeclaresTheArrowSchemasColumns()
    {
        using var json = JsonDocument.Parse(WrittenFileRows.StructJson);
        var fields = json.RootElement.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("type").GetString())).ToList();

        Assert.Equal(WrittenFileRows.Columns.Select(c => ((string?)c.Name, (string?)c.SparkType)), fields);
        Assert.Equal(WrittenFileRows.Columns.Select(c => c.Name), WrittenFileRows.ArrowSchema.FieldsList.Select(f => f.Name));
    }
}
