using System.Globalization;
using System.Text;
using System.Text.Json;
using SparkEtl.TestSupport;

namespace SparkEtl.Soak.Internal;

/// <summary>
/// The check, independent of the engine: downloads the warehouse with the aws CLI (straight from s3rver), lists the
/// data files as a reader does (no part of the key starting with <c>.</c> or <c>_</c>), and has DuckDB compare them with
/// the producer's ledger and the stream (<c>check.sql</c>, written beside the ledger, can be run again by hand).
/// </summary>
internal static class WarehouseAudit
{
    public const string SqlFile = "check.sql";

    private const string TradesColumns = "NULL::VARCHAR AS ticker_symbol, NULL::VARCHAR AS sector, NULL::DOUBLE AS price, NULL::TIMESTAMP AS event_time, NULL::VARCHAR AS shard_id, NULL::VARCHAR AS sequence_number, NULL::BIGINT AS sub_sequence, NULL::VARCHAR AS log_group, NULL::VARCHAR AS log_event_id";
    private const string ErrorsColumns = "NULL::VARCHAR AS error_type, NULL::VARCHAR AS message, NULL::VARCHAR AS raw_data, NULL::VARCHAR AS shard_id, NULL::VARCHAR AS sequence_number, NULL::BIGINT AS sub_sequence, NULL::VARCHAR AS log_event_id, NULL::TIMESTAMP AS arrival_time";
    private const string BarsColumns = "NULL::TIMESTAMP AS window_start, NULL::TIMESTAMP AS window_end, NULL::VARCHAR AS ticker_symbol, NULL::VARCHAR AS sector, NULL::DOUBLE AS open, NULL::DOUBLE AS high, NULL::DOUBLE AS low, NULL::DOUBLE AS close, NULL::BIGINT AS trade_count, NULL::DOUBLE AS avg_price";

    /// <summary>Downloads <c>s3://BUCKET/PREFIX</c> (the checkpoint left out) into <paramref name="target"/> with <c>aws s3 sync</c>.</summary>
    public static async Task DownloadAsync(Uri s3Endpoint, string bucket, string prefix, string target, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ENDPOINT_URL"] = null,
            ["AWS_ENDPOINT_URL_S3"] = null,
            ["AWS_PAGER"] = string.Empty,
        };
        cancellationToken.ThrowIfCancellationRequested();
        var result = await ChildProcess.RunAsync(
            "aws",
            ["s3", "sync", $"s3://{bucket}/{prefix}", target, "--endpoint-url", s3Endpoint.ToString().TrimEnd('/'), "--exclude", "_checkpoint/*", "--only-show-errors", "--no-progress"],
            environment: environment,
            timeout: TimeSpan.FromMinutes(30)).ConfigureAwait(false);
        result.EnsureSuccess("aws s3 sync");
    }

    /// <summary>The data files of <paramref name="table"/> a reader lists, as absolute paths in key order.</summary>
    public static IReadOnlyList<string> VisibleFiles(string warehouse, string table)
    {
        var folder = Path.Combine(warehouse, table);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(warehouse, f).Split('/').Any(part => part.StartsWith('.') || part.StartsWith('_')))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Runs the check over the ledger and stream files in <paramref name="directory"/> and the warehouse in <paramref name="warehouse"/>.</summary>
    public static async Task<WarehouseFigures> CheckAsync(string directory, string warehouse, CancellationToken cancellationToken)
    {
        var trades = VisibleFiles(warehouse, "trades");
        var bars = VisibleFiles(warehouse, "ohlc_1m");
        var errors = VisibleFiles(warehouse, "errors");
        var sql = Sql(directory, trades, bars, errors);
        await File.WriteAllTextAsync(Path.Combine(directory, SqlFile), sql, cancellationToken).ConfigureAwait(false);
        var result = await ChildProcess.RunAsync(
            "node",
            [Path.Combine(RepositoryPaths.Interop, "duckdb-query.mjs")],
            workingDirectory: RepositoryPaths.Interop,
            standardInput: sql,
            timeout: TimeSpan.FromMinutes(30)).ConfigureAwait(false);
        result.EnsureSuccess("node duckdb-query.mjs (the check)");
        using var document = JsonDocument.Parse(result.StandardOutput);
        var row = document.RootElement[0];
        return new WarehouseFigures
        {
            StreamRecords = Long(row, "stream_records"),
            StreamRecordsNotProduced = Long(row, "stream_records_not_produced"),
            AcknowledgedNotOnStream = Long(row, "acknowledged_not_on_stream"),
            ProducerDuplicateRecords = Long(row, "producer_duplicate_records"),
            ProducerDuplicateUnits = Long(row, "producer_duplicate_units"),
            ExpectedTrades = Long(row, "expected_trades"),
            ExpectedErrors = Long(row, "expected_errors"),
            TradeRows = Long(row, "trade_rows"),
            ErrorRows = Long(row, "error_rows"),
            BarRows = Long(row, "bar_rows"),
            DataFiles = trades.Count + bars.Count + errors.Count,
            LostTrades = Long(row, "lost_trades"),
            LostErrors = Long(row, "lost_errors"),
            ProducedTradesMissing = Long(row, "produced_trades_missing"),
            DuplicateTradeRows = Long(row, "duplicate_trade_rows"),
            DuplicateErrorRows = Long(row, "duplicate_error_rows"),
            DuplicateBarRows = Long(row, "duplicate_bar_rows"),
            ProducedTradesOverCounted = Long(row, "produced_trades_over_counted"),
            AlteredTrades = Long(row, "altered_trades"),
            UnexpectedRows = Long(row, "unexpected_rows"),
            LateRecords = Long(row, "late_records"),
            ErrorsByType = Counts(row, "errors_by_type"),
            ErrorTypesExpectedVsFound = Counts(row, "error_types_expected_vs_found"),
            BarsRecomputed = Long(row, "bars_recomputed"),
            BarsMissing = Long(row, "bars_missing"),
            BarsExtra = Long(row, "bars_extra"),
            BarsDifferent = Long(row, "bars_different"),
            BarsReconcile = row.GetProperty("bars_reconcile").GetBoolean(),
            Samples = Samples(row),
        };
    }

    private static long Long(JsonElement row, string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? 0 : row.GetProperty(name).GetInt64();

    /// <summary>A column holding DuckDB's <c>to_json</c> of a list of {key, n}.</summary>
    private static SortedDictionary<string, long> Counts(JsonElement row, string name)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var list = JsonDocument.Parse(row.GetProperty(name).GetString() ?? "[]");
        foreach (var item in list.RootElement.EnumerateArray())
        {
            counts[item.GetProperty("key").GetString() ?? "null"] = item.GetProperty("n").GetInt64();
        }

        return counts;
    }

    private static SortedDictionary<string, IReadOnlyList<string>> Samples(JsonElement row)
    {
        var samples = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var list = JsonDocument.Parse(row.GetProperty("samples").GetString() ?? "[]");
        foreach (var group in list.RootElement.EnumerateArray().GroupBy(s => s.GetProperty("category").GetString() ?? "?", StringComparer.Ordinal))
        {
            samples[group.Key] = [.. group.Select(s => s.GetProperty("detail").GetString() ?? string.Empty)];
        }

        return samples;
    }

    private static string Files(IReadOnlyList<string> files, string emptyColumns) => files.Count == 0
        ? $"(SELECT {emptyColumns} WHERE false)"
        : "read_parquet([" + string.Join(", ", files.Select(NodeInterop.SqlString)) + "])";

    /// <summary>The check as one DuckDB script; its last statement gives one row of figures (lists as JSON text).</summary>
    internal static string Sql(string directory, IReadOnlyList<string> trades, IReadOnlyList<string> bars, IReadOnlyList<string> errors)
    {
        var units = NodeInterop.SqlString(Path.Combine(directory, ProducedLedger.UnitsFile));
        var records = NodeInterop.SqlString(Path.Combine(directory, ProducedLedger.RecordsFile));
        var stream = NodeInterop.SqlString(Path.Combine(directory, StreamSnapshot.File));
        var sentinel = NodeInterop.SqlString(TickerStreamGenerator.SentinelSymbol);
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $$"""
            -- The soak's check: the producer's ledger and the stream against what a reader of the warehouse sees.
            -- A row's identity is its Kinesis record (shard, sequence number) plus KPL sub-sequence and log event id.
            CREATE MACRO ident(shard, seq, sub, evt) AS shard || '|' || seq || '|' || coalesce(CAST(sub AS VARCHAR), '-') || '|' || coalesce(evt, '-');

            CREATE TEMP TABLE units AS SELECT * FROM read_csv({{units}}, header = true, nullstr = '', quote = '', escape = '',
              columns = {'record_id': 'BIGINT', 'kind': 'VARCHAR', 'sub_sequence': 'BIGINT', 'log_event_id': 'VARCHAR', 'expected_error': 'VARCHAR',
                         'symbol': 'VARCHAR', 'sector': 'VARCHAR', 'event_time_ms': 'BIGINT', 'price_cents': 'BIGINT'});
            CREATE TEMP TABLE records AS SELECT * FROM read_csv({{records}}, header = true,
              columns = {'record_id': 'BIGINT', 'data_sha256': 'VARCHAR', 'shape': 'VARCHAR', 'acknowledged': 'BOOLEAN'});
            CREATE TEMP TABLE stream AS SELECT * FROM read_csv({{stream}}, header = true,
              columns = {'shard_id': 'VARCHAR', 'sequence_number': 'VARCHAR', 'arrival_ms': 'BIGINT', 'data_sha256': 'VARCHAR'});

            -- Each Kinesis record on the stream, with the produced record it is a copy of (null: not produced by the soak).
            CREATE TEMP TABLE copies AS SELECT s.shard_id, s.sequence_number, r.record_id FROM stream s LEFT JOIN records r USING (data_sha256);
            CREATE TEMP TABLE copy_counts AS SELECT record_id, count(*) AS n FROM copies WHERE record_id IS NOT NULL GROUP BY record_id;
            -- What the tables must hold: every unit of every copy, under the copy's identity.
            CREATE TEMP TABLE expected AS
              SELECT ident(c.shard_id, c.sequence_number, u.sub_sequence, u.log_event_id) AS ident, u.*
              FROM copies c JOIN units u USING (record_id);

            CREATE TEMP TABLE trades AS SELECT *, ident(shard_id, sequence_number, sub_sequence, log_event_id) AS ident FROM {{Files(trades, TradesColumns)}};
            CREATE TEMP TABLE errors AS SELECT *, ident(shard_id, sequence_number, sub_sequence, log_event_id) AS ident FROM {{Files(errors, ErrorsColumns)}};
            CREATE TEMP TABLE bars AS SELECT * FROM {{Files(bars, BarsColumns)}};

            CREATE TEMP TABLE late AS SELECT DISTINCT ident FROM errors WHERE error_type = 'late-record';
            CREATE TEMP TABLE exp_trades AS SELECT * FROM expected WHERE kind IN ('trade', 'sentinel');
            CREATE TEMP TABLE exp_errors AS SELECT * FROM expected WHERE kind = 'error';
            CREATE TEMP TABLE trade_counts AS SELECT ident, count(*) AS n FROM trades GROUP BY ident;
            CREATE TEMP TABLE error_counts AS SELECT ident, error_type, count(*) AS n FROM errors GROUP BY ident, error_type;
            CREATE TEMP TABLE bar_counts AS SELECT ticker_symbol, window_start, count(*) AS n FROM bars GROUP BY ticker_symbol, window_start;
            CREATE TEMP TABLE trade_keys AS
              SELECT ticker_symbol AS symbol, epoch_ms(event_time) AS event_time_ms, CAST(round(price * 100) AS BIGINT) AS price_cents, count(*) AS n
              FROM trades GROUP BY ALL;
            CREATE TEMP TABLE produced_trades AS
              SELECT u.symbol, u.event_time_ms, u.price_cents, coalesce(c.n, 0) AS copies
              FROM units u JOIN records r USING (record_id) LEFT JOIN copy_counts c USING (record_id)
              WHERE u.kind = 'trade' AND r.acknowledged;

            -- The bars again from the trades: late trades (those with a late-record row) and the sentinels left out;
            -- open and close by event time, ties by source position (shard, sequence number, sub-sequence, log event).
            CREATE TEMP TABLE recomputed AS
              SELECT ticker_symbol, (epoch_ms(event_time) // 60000) * 60000 AS window_start_ms,
                first(price ORDER BY epoch_ms(event_time), shard_id, length(sequence_number), sequence_number, coalesce(sub_sequence, -1), coalesce(log_event_id, '')) AS open,
                max(price) AS high, min(price) AS low,
                last(price ORDER BY epoch_ms(event_time), shard_id, length(sequence_number), sequence_number, coalesce(sub_sequence, -1), coalesce(log_event_id, '')) AS close,
                count(*) AS trade_count, avg(price) AS avg_price,
                last(sector ORDER BY epoch_ms(event_time), shard_id, length(sequence_number), sequence_number, coalesce(sub_sequence, -1), coalesce(log_event_id, '')) AS sector
              FROM trades
              WHERE ticker_symbol <> {{sentinel}} AND ident NOT IN (SELECT ident FROM late)
              GROUP BY ALL;
            CREATE TEMP TABLE written AS
              SELECT ticker_symbol, epoch_ms(window_start) AS window_start_ms, epoch_ms(window_end) AS window_end_ms, sector, open, high, low, close, trade_count, avg_price
              FROM bars WHERE ticker_symbol <> {{sentinel}};
            CREATE TEMP TABLE bar_check AS
              SELECT coalesce(r.ticker_symbol, w.ticker_symbol) AS ticker_symbol, coalesce(r.window_start_ms, w.window_start_ms) AS window_start_ms,
                CASE WHEN w.ticker_symbol IS NULL THEN 'missing'
                     WHEN r.ticker_symbol IS NULL THEN 'extra'
                     WHEN r.open <> w.open OR r.high <> w.high OR r.low <> w.low OR r.close <> w.close OR r.trade_count <> w.trade_count
                       OR abs(r.avg_price - w.avg_price) > 1e-9 * abs(r.avg_price) OR r.sector IS DISTINCT FROM w.sector
                       OR w.window_end_ms <> w.window_start_ms + 60000 THEN 'different'
                     ELSE 'same' END AS verdict,
                'recomputed ' || coalesce(format('o={} h={} l={} c={} n={} avg={} sector={}', r.open, r.high, r.low, r.close, r.trade_count, r.avg_price, r.sector), '-')
                  || ', written ' || coalesce(format('o={} h={} l={} c={} n={} avg={} sector={}', w.open, w.high, w.low, w.close, w.trade_count, w.avg_price, w.sector), '-') AS detail
              FROM recomputed r FULL OUTER JOIN written w ON r.ticker_symbol = w.ticker_symbol AND r.window_start_ms = w.window_start_ms;

            CREATE TEMP TABLE samples AS
              (SELECT 'lost-trade' AS category, ident || ' ' || symbol || ' ' || event_time_ms || ' ' || price_cents AS detail
                 FROM exp_trades e WHERE NOT EXISTS (SELECT 1 FROM trades t WHERE t.ident = e.ident) LIMIT 10)
              UNION ALL (SELECT 'lost-error', ident || ' ' || coalesce(expected_error, '?') FROM exp_errors e
                 WHERE NOT EXISTS (SELECT 1 FROM errors x WHERE x.ident = e.ident AND x.error_type <> 'late-record') LIMIT 10)
              UNION ALL (SELECT 'duplicate-trade', ident || ' x' || n FROM trade_counts WHERE n > 1 LIMIT 10)
              UNION ALL (SELECT 'duplicate-error', ident || ' ' || error_type || ' x' || n FROM error_counts WHERE n > 1 LIMIT 10)
              UNION ALL (SELECT 'duplicate-bar', ticker_symbol || ' ' || window_start || ' x' || n FROM bar_counts WHERE n > 1 LIMIT 10)
              UNION ALL (SELECT 'altered-trade', t.ident || ' found ' || t.ticker_symbol || ' ' || epoch_ms(t.event_time) || ' ' || t.price || ', made ' || e.symbol || ' ' || e.event_time_ms || ' ' || e.price_cents
                 FROM trades t JOIN exp_trades e USING (ident)
                 WHERE t.ticker_symbol <> e.symbol OR t.sector IS DISTINCT FROM e.sector OR epoch_ms(t.event_time) <> e.event_time_ms OR CAST(round(t.price * 100) AS BIGINT) <> e.price_cents LIMIT 10)
              UNION ALL (SELECT 'unexpected-trade', ident || ' ' || ticker_symbol FROM trades t WHERE NOT EXISTS (SELECT 1 FROM exp_trades e WHERE e.ident = t.ident) LIMIT 10)
              UNION ALL (SELECT 'unexpected-error', ident || ' ' || error_type FROM errors x
                 WHERE (error_type <> 'late-record' AND NOT EXISTS (SELECT 1 FROM exp_errors e WHERE e.ident = x.ident))
                    OR (error_type = 'late-record' AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.ident = x.ident)) LIMIT 10)
              UNION ALL (SELECT 'produced-trade-missing', p.symbol || ' ' || p.event_time_ms || ' ' || p.price_cents FROM produced_trades p
                 WHERE NOT EXISTS (SELECT 1 FROM trade_keys k WHERE k.symbol = p.symbol AND k.event_time_ms = p.event_time_ms AND k.price_cents = p.price_cents) LIMIT 10)
              UNION ALL (SELECT 'bar-' || verdict, ticker_symbol || ' ' || window_start_ms || ': ' || detail FROM bar_check WHERE verdict <> 'same' LIMIT 10);

            SELECT
              (SELECT count(*) FROM stream) AS stream_records,
              (SELECT count(*) FROM copies WHERE record_id IS NULL) AS stream_records_not_produced,
              (SELECT count(*) FROM records r WHERE acknowledged AND NOT EXISTS (SELECT 1 FROM copy_counts c WHERE c.record_id = r.record_id)) AS acknowledged_not_on_stream,
              (SELECT coalesce(sum(n - 1), 0) FROM copy_counts WHERE n > 1) AS producer_duplicate_records,
              (SELECT count(*) FROM expected e JOIN copy_counts c USING (record_id) WHERE c.n > 1 AND e.kind IN ('trade', 'error'))
                - (SELECT count(*) FROM units u JOIN copy_counts c USING (record_id) WHERE c.n > 1 AND u.kind IN ('trade', 'error')) AS producer_duplicate_units,
              (SELECT count(*) FROM exp_trades) AS expected_trades,
              (SELECT count(*) FROM exp_errors) AS expected_errors,
              (SELECT count(*) FROM trades) AS trade_rows,
              (SELECT count(*) FROM errors) AS error_rows,
              (SELECT count(*) FROM bars) AS bar_rows,
              (SELECT count(*) FROM exp_trades e WHERE NOT EXISTS (SELECT 1 FROM trades t WHERE t.ident = e.ident)) AS lost_trades,
              (SELECT count(*) FROM exp_errors e WHERE NOT EXISTS (SELECT 1 FROM errors x WHERE x.ident = e.ident AND x.error_type <> 'late-record')) AS lost_errors,
              (SELECT count(*) FROM produced_trades p
                 WHERE NOT EXISTS (SELECT 1 FROM trade_keys k WHERE k.symbol = p.symbol AND k.event_time_ms = p.event_time_ms AND k.price_cents = p.price_cents)) AS produced_trades_missing,
              (SELECT coalesce(sum(n - 1), 0) FROM trade_counts WHERE n > 1) AS duplicate_trade_rows,
              (SELECT coalesce(sum(n - 1), 0) FROM error_counts WHERE n > 1) AS duplicate_error_rows,
              (SELECT coalesce(sum(n - 1), 0) FROM bar_counts WHERE n > 1) AS duplicate_bar_rows,
              (SELECT count(*) FROM produced_trades p JOIN trade_keys k USING (symbol, event_time_ms, price_cents) WHERE k.n > p.copies) AS produced_trades_over_counted,
              (SELECT count(*) FROM trades t JOIN exp_trades e USING (ident)
                 WHERE t.ticker_symbol <> e.symbol OR t.sector IS DISTINCT FROM e.sector OR epoch_ms(t.event_time) <> e.event_time_ms OR CAST(round(t.price * 100) AS BIGINT) <> e.price_cents) AS altered_trades,
              (SELECT count(*) FROM trades t WHERE NOT EXISTS (SELECT 1 FROM exp_trades e WHERE e.ident = t.ident))
                + (SELECT count(*) FROM errors x
                   WHERE (error_type <> 'late-record' AND NOT EXISTS (SELECT 1 FROM exp_errors e WHERE e.ident = x.ident))
                      OR (error_type = 'late-record' AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.ident = x.ident))) AS unexpected_rows,
              (SELECT count(*) FROM errors WHERE error_type = 'late-record') AS late_records,
              (SELECT to_json(coalesce(list({'key': error_type, 'n': n} ORDER BY error_type), []))::VARCHAR
                 FROM (SELECT error_type, count(*) AS n FROM errors GROUP BY error_type)) AS errors_by_type,
              (SELECT to_json(coalesce(list({'key': k, 'n': n} ORDER BY k), []))::VARCHAR
                 FROM (SELECT coalesce(e.expected_error, '?') || ' -> ' || coalesce(x.error_type, 'none') AS k, count(*) AS n
                       FROM exp_errors e LEFT JOIN errors x ON x.ident = e.ident AND x.error_type <> 'late-record' GROUP BY k)) AS error_types_expected_vs_found,
              (SELECT count(*) FROM recomputed) AS bars_recomputed,
              (SELECT count(*) FROM bar_check WHERE verdict = 'missing') AS bars_missing,
              (SELECT count(*) FROM bar_check WHERE verdict = 'extra') AS bars_extra,
              (SELECT count(*) FROM bar_check WHERE verdict = 'different') AS bars_different,
              (SELECT coalesce(sum(trade_count), 0) FROM written)
                + (SELECT count(*) FROM errors x JOIN trades t USING (ident) WHERE x.error_type = 'late-record' AND t.ticker_symbol <> {{sentinel}})
                = (SELECT count(*) FROM trades WHERE ticker_symbol <> {{sentinel}}) AS bars_reconcile,
              (SELECT to_json(coalesce(list({'category': category, 'detail': detail}), []))::VARCHAR FROM samples) AS samples;
            """);
        return sql.ToString();
    }
}
