using SparkEtl.Core.Parquet;
using SparkEtl.Core.Tables;

namespace SparkEtl.Core.Tests.Tables;

public class SparkEtlTablesTests
{
    [Fact]
    public void DataFileKey_DerivesOnlyFromTablePartitionBatchAndPart()
    {
        Assert.Equal("trades/dt=2023-11-14/part-00000042-003.snappy.parquet",
            OutputNaming.DataFileKey(SparkEtlTables.Trades, "2023-11-14", 42, 3, ParquetCompression.Snappy));
        Assert.Equal("errors/dt=2023-11-14/part-00000000-000.gz.parquet",
            OutputNaming.DataFileKey(SparkEtlTables.Errors, "2023-11-14", 0, 0, ParquetCompression.Gzip));
        Assert.Equal("ohlc_5m/dt=2023-11-14/part-00000001-000.parquet",
            OutputNaming.DataFileKey(SparkEtlTables.Ohlc("ohlc_5m"), "2023-11-14", 1, 0, ParquetCompression.None));
    }

    [Fact]
    public void ParquetSchema_FollowsTheColumns()
    {
        var table = SparkEtlTables.Trades;

        Assert.Equal(table.Columns.Select(c => (c.Name, c.Type, c.Nullable)),
            table.ParquetSchema.Columns.Select(c => (c.Name, c.Type, c.Nullable)));
        Assert.Equal(["ticker_symbol", "sector", "price", "event_time", "shard_id", "sequence_number", "sub_sequence", "log_group", "log_event_id"],
            table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void AthenaDdl_ListsEveryColumnWithItsHiveTypeAndTheDtPartition()
    {
        var ddl = SparkEtlTables.Ohlc("ohlc_1m").AthenaDdl("sparketl", "s3://bucket/wh/ohlc_1m/");

        Assert.StartsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `sparketl`.`ohlc_1m` (", ddl, StringComparison.Ordinal);
        Assert.Contains("`window_start` timestamp", ddl, StringComparison.Ordinal);
        Assert.Contains("`trade_count` bigint", ddl, StringComparison.Ordinal);
        Assert.Contains("`avg_price` double", ddl, StringComparison.Ordinal);
        Assert.Contains("PARTITIONED BY (`dt` string)", ddl, StringComparison.Ordinal);
        Assert.Contains("STORED AS PARQUET", ddl, StringComparison.Ordinal);
        Assert.Contains("LOCATION 's3://bucket/wh/ohlc_1m/'", ddl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Trades")]
    [InlineData("1table")]
    [InlineData("a/b")]
    [InlineData("")]
    public void TableName_ThatIsNotGlueSafe_IsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => SparkEtlTables.Ohlc(name));
}
