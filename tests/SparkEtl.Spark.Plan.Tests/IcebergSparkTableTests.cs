using System.Text.Json;
using System.Text.RegularExpressions;
using SparkEtl.Core.Tables;
using SparkEtl.Iceberg;
using SparkEtl.Iceberg.Metadata;
using SparkEtl.Runner.Pipeline;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>The Spark job's Iceberg tables: their DDL, against the embedded engine's layout of the same tables.</summary>
public partial class IcebergSparkTableTests
{
    private const string Warehouse = "s3://example-data/sparketl/warehouse";

    private static IReadOnlyList<IcebergSparkTable> Tables(params (string Path, string Value)[] settings) =>
        IcebergSparkTables.For(SparkJobSettings.Bind([("warehouse", Warehouse + "/"), ("catalog.mode", "glue"), ("table.format", "iceberg"), .. settings]));

    [Fact]
    public void CreateTableSql_Trades_IsTheCreateIfAbsentDdlWithHiddenDayPartitioning() => Assert.Equal(
        """
        CREATE TABLE IF NOT EXISTS glue_catalog.`sparketl`.`trades` (
          `ticker_symbol` STRING NOT NULL COMMENT 'Ticker symbol, e.g. JIB or BRK.B.',
          `sector` STRING COMMENT 'Sector as sent, e.g. AUTOMOBILE.',
          `price` DOUBLE NOT NULL COMMENT 'Trade price.',
          `event_time` TIMESTAMP NOT NULL COMMENT 'Event time (EVENT_TIME, else log event time, else arrival), UTC.',
          `shard_id` STRING NOT NULL COMMENT 'Kinesis shard the record was read from.',
          `sequence_number` STRING NOT NULL COMMENT 'Kinesis sequence number of the record.',
          `sub_sequence` BIGINT COMMENT 'Index within a KPL aggregate, when the record was aggregated.',
          `log_group` STRING COMMENT 'CloudWatch Logs group, when the record came in a log envelope.',
          `log_event_id` STRING COMMENT 'CloudWatch Logs event id, when the record came in a log envelope.'
        )
        USING iceberg
        PARTITIONED BY (days(`event_time`))
        COMMENT 'Clean stock-ticker trades with their source lineage.'
        LOCATION 's3://example-data/sparketl/warehouse/trades'
        TBLPROPERTIES ('format-version'='2', 'write.format.default'='parquet', 'write.parquet.compression-codec'='snappy')
        """.ReplaceLineEndings("\n"),
        Tables()[0].CreateTableSql);

    /// <summary>
    /// Every table's DDL declares what the embedded engine creates for it (IcebergTableLayout): the same columns in the same
    /// order (so Iceberg assigns the same field ids, 1..n), the same types (Spark's TIMESTAMP is Iceberg's timestamptz),
    /// the same required columns, the day of the same column as the only partition field, and the same location.
    /// </summary>
    [Theory]
    [InlineData("1m")]
    [InlineData("5m")]
    public void CreateTableSql_DeclaresTheEmbeddedEnginesLayoutOfEachTable(string window)
    {
        var tables = Tables(("window.size", window));

        Assert.Equal(["trades", "ohlc_" + window, "errors"], tables.Select(t => t.Name));
        foreach (var table in tables)
        {
            var layout = IcebergTableLayout.For(table.Definition, IcebergBatchTables.PartitionColumnOf(table.Definition), Warehouse);
            var columns = ColumnLine().Matches(table.CreateTableSql).Select(m => (m.Groups["name"].Value, m.Groups["type"].Value, m.Groups["notNull"].Success)).ToList();
            var partition = Assert.Single(PartitionedBy().Matches(table.CreateTableSql));

            Assert.Equal(layout.Schema.Fields.Select(f => (f.Name, SparkDdlType(f.Type), f.Required)), columns);
            Assert.Equal(Enumerable.Range(1, columns.Count), layout.Schema.Fields.Select(f => f.Id));
            var spec = Assert.Single(layout.Spec.Fields);
            Assert.Equal("day", spec.Transform);
            Assert.Equal(layout.Schema.FindField(spec.SourceId)!.Name, partition.Groups["column"].Value);
            Assert.Equal(partition.Groups["column"].Value + "_day", spec.Name);
            Assert.Equal(layout.Location, table.Location);
            Assert.Contains($"LOCATION '{layout.Location}'", table.CreateTableSql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PartitionColumnOf_IsTheEmbeddedEnginesForEveryTable()
    {
        TableDefinition[] tables = [SparkEtlTables.Trades, SparkEtlTables.Ohlc("ohlc_1m"), SparkEtlTables.Ohlc("ohlc_1h"), SparkEtlTables.Errors];

        Assert.Equal(tables.Select(IcebergBatchTables.PartitionColumnOf), tables.Select(IcebergSparkTables.PartitionColumnOf));
        Assert.Equal(["event_time", "window_start", "window_start", "arrival_time"], tables.Select(IcebergSparkTables.PartitionColumnOf));
    }

    [Theory]
    [InlineData("snappy", "snappy")]
    [InlineData("gzip", "gzip")]
    [InlineData("none", "uncompressed")]
    public void Properties_FollowParquetCompression(string setting, string codec) =>
        Assert.All(Tables(("parquet.compression", setting)), t => Assert.Equal(codec, t.Properties["write.parquet.compression-codec"]));

    [Fact]
    public void Identifier_IsTheCatalogDatabaseAndTable_Backquoted() =>
        Assert.Equal("glue_catalog.`market_data`.`errors`", Tables(("catalog.database", "market_data"))[2].Identifier);

    [Fact]
    public void Projection_TurnsEpochMillisecondsIntoTimestamps_AndKeepsTheRestInColumnOrder()
    {
        var bars = Tables()[1];

        Assert.Equal(
            ["timestamp_millis(`window_start`) AS `window_start`", "timestamp_millis(`window_end`) AS `window_end`", "`ticker_symbol`", "`sector`",
             "`open`", "`high`", "`low`", "`close`", "`trade_count`", "`avg_price`"],
            bars.Projection);
    }

    [Fact]
    public void RowSchemaJson_HasTheColumnsWithTimesAsLongs()
    {
        using var json = JsonDocument.Parse(Tables()[1].RowSchemaJson);

        var fields = json.RootElement.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("type").GetString(), f.GetProperty("nullable").GetBoolean())).ToList();
        Assert.Equal(SparkEtlTables.Ohlc("ohlc_1m").Columns.Select(c => c.Name), fields.Select(f => f.Item1));
        Assert.Equal(("window_start", "long", false), fields[0]);
        Assert.Equal(("sector", "string", true), fields[3]);
        Assert.Equal(("trade_count", "long", false), fields[8]);
    }

    [Fact]
    public void SourceFilter_SendsTradesAndErrorsAsTableRowsDoes_AndNothingToTheBars()
    {
        var tables = Tables();

        Assert.Equal($"{TableRows.Filter} AND {TableRows.TableExpression} = 'trades'", tables[0].SourceFilter);
        Assert.Null(tables[1].SourceFilter);
        Assert.Equal($"{TableRows.Filter} AND {TableRows.TableExpression} = 'errors'", tables[2].SourceFilter);
    }

    /// <summary>Spark hands write options over with lower-cased keys; the embedded engine reads the same summary keys.</summary>
    [Fact]
    public void WriteOptions_StampTheEmbeddedEnginesSummaryKeys_InLowerCase()
    {
        var options = IcebergSparkTable.WriteOptions("0d6f7c8e-query", 42);

        Assert.Equal(new Dictionary<string, string>
        {
            ["snapshot-property." + IcebergSnapshot.QueryIdKey] = "0d6f7c8e-query",
            ["snapshot-property." + IcebergSnapshot.BatchIdKey] = "42",
        }, options);
        Assert.All(options.Keys, k => Assert.Equal(k.ToLowerInvariant(), k));
    }

    [Fact]
    public void BatchSnapshotSql_ReadsTheSnapshotsAndHistoryMetadataTablesOfTheTable() => Assert.Equal(
        "SELECT s.snapshot_id, s.summary['added-data-files'] AS added_data_files, s.summary['added-records'] AS added_records, s.summary['added-files-size'] AS added_files_size "
        + "FROM glue_catalog.`sparketl`.`trades`.`snapshots` AS s JOIN glue_catalog.`sparketl`.`trades`.`history` AS h ON h.snapshot_id = s.snapshot_id "
        + "WHERE h.is_current_ancestor AND s.summary['sparketl.query-id'] = 'q-1' AND s.summary['sparketl.batch-id'] = '7' ORDER BY s.snapshot_id",
        Tables()[0].BatchSnapshotSql("q-1", 7));

    [Fact]
    public void BatchSnapshotSql_AQueryIdCannotEndItsLiteral()
    {
        var sql = Tables()[0].BatchSnapshotSql(@"x' OR '1'='1\", 7);

        Assert.Contains(@"= 'x\' OR \'1\'=\'1\\' AND", sql, StringComparison.Ordinal);
    }

    private static string SparkDdlType(IcebergType type) => type switch
    {
        IcebergType.String => "STRING",
        IcebergType.Long => "BIGINT",
        IcebergType.Double => "DOUBLE",
        IcebergType.TimestampTz => "TIMESTAMP",
        IcebergType.Timestamp => "TIMESTAMP_NTZ",
        _ => type.ToString(),
    };

    [GeneratedRegex(@"^  `(?<name>[a-z_]+)` (?<type>[A-Z_]+)(?<notNull> NOT NULL)? COMMENT '", RegexOptions.Multiline)]
    private static partial Regex ColumnLine();

    [GeneratedRegex(@"^PARTITIONED BY \(days\(`(?<column>[a-z_]+)`\)\)$", RegexOptions.Multiline)]
    private static partial Regex PartitionedBy();
}
