using System.Text;
using SparkEtl.Core.Tables;
using SparkEtl.Core.Tests.Decoding;
using SparkEtl.Spark.Plan.Tests.Support;
using SparkEtl.TestSupport;

namespace SparkEtl.Spark.Plan.Tests;

/// <summary>
/// The Spark job's executor path (decode UDF → rows grouped by table, day and bucket → the grouped-map function writing
/// Parquet) against the embedded engine on the same capture file: DuckDB reads both warehouses, and the <c>trades</c> and
/// <c>errors</c> rows must be equal, except for what the Spark connector cannot give (the shard id: <c>unknown</c>).
/// </summary>
public sealed class SparkPathMatchesEmbeddedEngineTests
{
    public static TheoryData<string> CaptureFiles => ["kinesis-cwl-300-seed3.jsonl", "kinesis-raw-300-seed3.jsonl", MixedCaptureName];

    private const string MixedCaptureName = "mixed: bad records, two shards, two days";

    // Every column but the shard, which the connector's rows do not carry.
    private const string TradeColumns = "dt, ticker_symbol, sector, price, event_time, sequence_number, sub_sequence, log_group, log_event_id";

    // Messages name the record's position, shard included: the shard is masked on both sides.
    private const string ErrorColumns =
        "dt, error_type, regexp_replace(message, 'shard [^,]*, ', 'shard ?, ') AS message, raw_data, sequence_number, sub_sequence, log_event_id, arrival_time";

    [Theory]
    [MemberData(nameof(CaptureFiles))]
    public async Task SparkPath_WritesTheSameTradesAndErrorsAsTheEmbeddedEngine(string capture)
    {
        using var folder = new TempDirectory("sparketl-spark-path");
        var input = capture == MixedCaptureName ? WriteMixedCapture(folder.Path) : Path.Combine(RepositoryPaths.Root, "tests", "data", "decoding", capture);
        var embedded = Path.Combine(folder.Path, "embedded");
        var spark = Path.Combine(folder.Path, "spark");

        await EmbeddedEngine.RunAsync(input, embedded);
        var files = SparkPath.Write(input, spark, batchId: 0, buckets: 3);

        var expectedTrades = WarehouseTables.Query($"SELECT {TradeColumns} FROM {WarehouseTables.Files(embedded, "trades")} ORDER BY ALL");
        Assert.NotEmpty(expectedTrades);
        Assert.Equal(expectedTrades, WarehouseTables.Query($"SELECT {TradeColumns} FROM {WarehouseTables.Files(spark, "trades")} ORDER BY ALL"));
        Assert.Equal(["unknown"], WarehouseTables.Query($"SELECT DISTINCT shard_id FROM {WarehouseTables.Files(spark, "trades")}"));
        if (capture == MixedCaptureName)
        {
            var expectedErrors = WarehouseTables.Query($"SELECT {ErrorColumns} FROM {WarehouseTables.Files(embedded, "errors")} ORDER BY ALL");
            Assert.Equal(5, expectedErrors.Count);
            Assert.Equal(expectedErrors, WarehouseTables.Query($"SELECT {ErrorColumns} FROM {WarehouseTables.Files(spark, "errors")} ORDER BY ALL"));
            Assert.Equal(2, WarehouseTables.Query($"SELECT DISTINCT dt FROM {WarehouseTables.Files(spark, "trades")}").Count);
        }

        // The metadata the driver gets back names exactly the files in the warehouse, with their rows and sizes.
        var onDisk = Directory.EnumerateFiles(spark, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(spark, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, files.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(new FileInfo(Path.Combine(spark, f.Key)).Length, f.Bytes));
        Assert.All(files, f => Assert.Equal(
            f.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Assert.Single(WarehouseTables.Query($"SELECT count(*) FROM read_parquet('{Path.Combine(spark, f.Key)}')"))));
    }

    [Fact]
    public async Task Comparison_FailsWhenTheSparkPathLosesARow()
    {
        using var folder = new TempDirectory("sparketl-spark-path");
        var input = WriteMixedCapture(folder.Path);
        var embedded = Path.Combine(folder.Path, "embedded");
        var spark = Path.Combine(folder.Path, "spark");
        await EmbeddedEngine.RunAsync(input, embedded);
        var files = SparkPath.Write(input, spark, batchId: 0, buckets: 3);

        File.Delete(Path.Combine(spark, files.First(f => f.Table == SparkEtlTables.Trades.Name).Key));

        Assert.NotEqual(
            WarehouseTables.Query($"SELECT {TradeColumns} FROM {WarehouseTables.Files(embedded, "trades")} ORDER BY ALL"),
            WarehouseTables.Query($"SELECT {TradeColumns} FROM {WarehouseTables.Files(spark, "trades")} ORDER BY ALL"));
    }

    // Good trades on two shards and two days, and records that fail in each way a decoder can tell apart.
    private static string WriteMixedCapture(string folder)
    {
        const long Day1 = 1_700_000_000_000, Day2 = Day1 + 86_400_000;
        var lines = new StringBuilder();
        var sequence = 0;
        void Line(string shard, long arrivalMs, byte[] data) => lines.Append(
            $"{{\"ShardId\":\"{shard}\",\"SequenceNumber\":\"4960000000000000000000000{++sequence:D4}\",\"ApproximateArrivalTimestamp\":{arrivalMs / 1000.0:0.000},\"PartitionKey\":\"pk\",\"Data\":\"{Convert.ToBase64String(data)}\"}}\n");
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        Line("shardId-000000000001", Day1 + 500, Utf8(Payloads.Ticker("JIB", 44.89, Day1 + 100)));
        Line("shardId-000000000002", Day1 + 600, Utf8(Payloads.Ticker("KOLV", 402.64, Day1 + 200, "FINANCIAL")));
        Line("shardId-000000000001", Day1 + 700, Utf8("not a ticker"));
        Line("shardId-000000000002", Day1 + 800, [0x1f, 0x8b, 1, 2, 3]);
        Line("shardId-000000000001", Day1 + 900, Utf8(Payloads.Ticker("JIB", -1, Day1 + 300)));
        Line("shardId-000000000002", Day1 + 1_000, Payloads.Gzip(Payloads.DataEnvelopeJson(Payloads.Events(
            Payloads.PythonLine(Payloads.Ticker("QXZ", 12.5, Day1 + 400)),
            "START RequestId: 79042c19-0576-bd4c-586a-bf8887e79fa4 Version: $LATEST\n",
            "no json here\n"))));
        Line("shardId-000000000001", Day2 + 500, Utf8(Payloads.Ticker("JIB", 45.1, Day2 + 100)));
        Line("shardId-000000000002", Day2 + 600, Utf8("{\"TICKER_SYMBOL\":\"KOLV\"}"));
        Line("shardId-000000000001", Day2 + 700, Utf8(Payloads.Ticker("KOLV", 403.5, null)));
        var path = Path.Combine(folder, "mixed.jsonl");
        File.WriteAllText(path, lines.ToString());
        return path;
    }
}
