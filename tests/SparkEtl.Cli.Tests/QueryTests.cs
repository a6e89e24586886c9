using System.Globalization;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Cli.Tests;

/// <summary><c>sparketl query</c>: DuckDB in process over the warehouse's tables, and the README's analyst queries.</summary>
public class QueryTests : IClassFixture<QueryTests.DemoWarehouse>
{
    private readonly DemoWarehouse _warehouse;

    public QueryTests(DemoWarehouse warehouse)
    {
        _warehouse = warehouse;
    }

    [Fact]
    public async Task Tables_AreViewsUnderTheirNames_WithDtAsAString_AndTimesPrintAsTimes()
    {
        var run = await QueryAsync("SELECT (SELECT count(*) FROM trades) AS trades, (SELECT count(*) FROM errors) AS errors, (SELECT sum(trade_count) FROM ohlc_1m) AS barred, "
            + "(SELECT min(event_time) FROM trades) AS first, (SELECT typeof(dt) FROM trades LIMIT 1) AS dt_type", "json");

        var row = JsonDocument.Parse(run).RootElement;
        Assert.Equal(DemoWarehouse.Records, row.GetProperty("trades").GetInt64() + row.GetProperty("errors").GetInt64());
        Assert.Equal(row.GetProperty("trades").GetInt64(), row.GetProperty("barred").GetInt64());
        Assert.Matches(@"^2024-03-15T14:30:00\.\d{3}Z$", row.GetProperty("first").GetString());
        Assert.Equal("VARCHAR", row.GetProperty("dt_type").GetString());
    }

    [Fact]
    public async Task Formats_TableCsvAndJson_CarryTheSameValues()
    {
        const string Sql = "SELECT ticker_symbol, count(*) AS n, min(event_time) AS first FROM trades GROUP BY ALL ORDER BY 1 LIMIT 3";

        var table = (await QueryAsync(Sql, "table")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = (await QueryAsync(Sql, "csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = (await QueryAsync(Sql, "json")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal("ticker_symbol,n,first", csv[0]);
        Assert.Equal(3, json.Count);
        Assert.Equal("(3 rows)", table[^1]);
        for (var i = 0; i < 3; i++)
        {
            var cells = csv[i + 1].Split(',');
            Assert.Equal(json[i].GetProperty("ticker_symbol").GetString(), cells[0]);
            Assert.Equal(json[i].GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture), cells[1]);
            Assert.Equal(json[i].GetProperty("first").GetString(), cells[2]);
            Assert.Equal(cells, table[i + 2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task BadSql_IsRefusedWithDuckDbsMessage_AndAWarehouseOnS3IsRefusedNamingIt()
    {
        var bad = await CliRunner.RunAsync("query", "SELECT nope FROM trades", "--warehouse", _warehouse.Path);
        var s3 = await CliRunner.RunAsync("query", "SELECT 1", "--warehouse", "s3://bucket/wh");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("sparketl query: the query failed", bad.StandardError, StringComparison.Ordinal);
        Assert.Contains("nope", bad.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, s3.ExitCode);
        Assert.Contains("Invalid setting --warehouse: got \"s3://bucket/wh\"", s3.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeQuery_DailyOhlcPerTicker_AgreesWithTheTrades()
    {
        var rows = await ReadmeQueryAsync("Daily OHLC per ticker");
        var trades = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, max(price) AS high, min(price) AS low, count(*) AS n FROM read_parquet({NodeInterop.SqlString(_warehouse.Path + "/trades/*/*.parquet")}) GROUP BY ALL ORDER BY 1");

        Assert.Equal(
            trades.Select(t => $"{t.GetProperty("ticker_symbol").GetString()} {t.GetProperty("high").GetDouble()} {t.GetProperty("low").GetDouble()} {t.GetProperty("n").GetInt64()}"),
            rows.Select(r => $"{r.GetProperty("ticker_symbol").GetString()} {r.GetProperty("high").GetDouble()} {r.GetProperty("low").GetDouble()} {r.GetProperty("trades").GetInt64()}"));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("open").GetDouble(), r.GetProperty("low").GetDouble(), r.GetProperty("high").GetDouble()));
    }

    [Fact]
    public async Task ReadmeQuery_TopMoversPerSector_RanksAtMostThreePerSectorByTheirMove()
    {
        var rows = await ReadmeQueryAsync("Top movers per sector");

        Assert.NotEmpty(rows);
        foreach (var sector in rows.GroupBy(r => (r.GetProperty("dt").GetString(), r.GetProperty("sector").GetString())))
        {
            Assert.InRange(sector.Count(), 1, 3);
            var moves = sector.Select(r => Math.Abs(r.GetProperty("change_pct").GetDouble())).ToList();
            Assert.Equal(moves.OrderDescending(), moves);
            Assert.All(sector, r => Assert.InRange(
                Math.Abs((100 * (r.GetProperty("close").GetDouble() - r.GetProperty("open").GetDouble()) / r.GetProperty("open").GetDouble()) - r.GetProperty("change_pct").GetDouble()),
                0, 0.005 + 1e-9));
        }
    }

    [Fact]
    public async Task ReadmeQuery_ErrorRatesByType_CountsTheErrorsTable()
    {
        var rows = await ReadmeQueryAsync("Error rates by type");
        var errors = await NodeInterop.DuckDbQueryAsync(
            $"SELECT error_type, count(*) AS n FROM read_parquet({NodeInterop.SqlString(_warehouse.Path + "/errors/*/*.parquet")}) GROUP BY ALL ORDER BY 2 DESC, 1");

        Assert.Equal(
            errors.Select(e => $"{e.GetProperty("error_type").GetString()} {e.GetProperty("n").GetInt64()}").Order(StringComparer.Ordinal),
            rows.Select(r => $"{r.GetProperty("error_type").GetString()} {r.GetProperty("errors").GetInt64()}").Order(StringComparer.Ordinal));
        var total = rows.Sum(r => r.GetProperty("errors").GetInt64());
        Assert.Equal(Math.Round(100.0 * total / DemoWarehouse.Records, 1), Math.Round(rows.Sum(r => r.GetProperty("pct_of_records").GetDouble()), 1));
    }

    [Fact]
    public async Task NestedValues_PrintAsDuckDbText_AndAsJsonInJsonLines()
    {
        // A list per ticker (ordered, so the same every time), a struct, a map, and two columns of the same name.
        const string Sql = "SELECT ticker_symbol, list(DISTINCT sector ORDER BY sector) AS sectors, {'n': count(*), 's': ticker_symbol} AS summary, "
            + "map([ticker_symbol], [count(*)]) AS counts, 1 AS x, 2 AS x FROM trades GROUP BY ticker_symbol ORDER BY 1 LIMIT 2;";

        var expected = await NodeInterop.DuckDbQueryAsync(
            $"SELECT ticker_symbol, array_to_string(list(DISTINCT sector ORDER BY sector), '|') AS sectors, count(*) AS n FROM read_parquet({NodeInterop.SqlString(_warehouse.Path + "/trades/*/*.parquet")}) GROUP BY ALL ORDER BY 1 LIMIT 2");
        var table = (await QueryAsync(Sql, "table")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = (await QueryAsync(Sql, "csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = (await QueryAsync(Sql, "json")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal("ticker_symbol,sectors,summary,counts,x,x", csv[0]);
        for (var i = 0; i < 2; i++)
        {
            var ticker = expected[i].GetProperty("ticker_symbol").GetString()!;
            var sectors = expected[i].GetProperty("sectors").GetString()!.Split('|');
            var n = expected[i].GetProperty("n").GetInt64();
            var text = $"[{string.Join(", ", sectors)}]";
            Assert.Equal($"{ticker},{Csv(text)},\"{{'n': {n}, 's': {ticker}}}\",{{{ticker}={n}}},1,2", csv[i + 1]);
            Assert.Contains($"  {text}  ", table[i + 2], StringComparison.Ordinal);
            Assert.Equal(sectors, json[i].GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal(n, json[i].GetProperty("summary").GetProperty("n").GetInt64());
            Assert.Equal(n, json[i].GetProperty("counts").GetProperty(ticker).GetInt64());
        }
    }

    private static string Csv(string cell) => cell.Contains(',', StringComparison.Ordinal) ? $"\"{cell}\"" : cell;

    private async Task<string> QueryAsync(string sql, string format)
    {
        var run = await CliRunner.RunAsync("query", sql, "--warehouse", _warehouse.Path, "--format", format);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput;
    }

    /// <summary>Runs the README query under the comment that starts with <paramref name="title"/>, exactly as written there.</summary>
    private async Task<List<JsonElement>> ReadmeQueryAsync(string title)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var (_, sql) = ReadmeQueries.In(readme).Single(q => q.Title.StartsWith(title, StringComparison.Ordinal));
        var output = await QueryAsync(sql, "json");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    /// <summary>A warehouse the demo wrote, shared by the tests of the class.</summary>
    public sealed class DemoWarehouse : IAsyncLifetime
    {
        public const long Records = 6_000;

        private readonly TempDirectory _folder = new("query");

        public string Path => _folder.Combine("warehouse");

        public async Task InitializeAsync()
        {
            var run = await CliRunner.RunAsync("run", "--warehouse", Path, "--quiet", "--set", $"demo.records={Records}", "--set", "demo.badRecordRate=0.01",
                "--set", "batch.maxRecordsPerShard=500");
            Assert.True(run.ExitCode == 0, run.StandardError);
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
