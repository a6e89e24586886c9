using SparkEtl.Core.Parquet;

namespace SparkEtl.Core.Tests.Parquet;

public sealed class ParquetSchemaTests
{
    [Fact]
    public void Constructor_NoColumns_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParquetSchema("t", []));
    }

    [Fact]
    public void Constructor_NamesEqualIgnoringCase_ThrowsNamingTheColumn()
    {
        var error = Assert.Throws<ArgumentException>(() => new ParquetSchema("t",
        [
            new ParquetColumn("Price", ParquetColumnType.Double, Nullable: false),
            new ParquetColumn("price", ParquetColumnType.Double, Nullable: true),
        ]));

        Assert.Contains("\"price\" twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyColumnName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParquetSchema("t", [new ParquetColumn("", ParquetColumnType.String, Nullable: true)]));
    }

    [Fact]
    public void Constructor_UndefinedType_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ParquetSchema("t", [new ParquetColumn("x", (ParquetColumnType)42, Nullable: true)]));
    }

    [Fact]
    public void Columns_AreCopiedOnConstruction()
    {
        var columns = new List<ParquetColumn> { new("a", ParquetColumnType.Int64, Nullable: false) };
        var schema = new ParquetSchema("t", columns);

        columns.Add(new ParquetColumn("b", ParquetColumnType.Int64, Nullable: false));

        Assert.Single(schema.Columns);
    }
}
