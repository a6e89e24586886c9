// The benchmark's peer: DuckDB (the @duckdb/node-api package of tests/interop) doing benchmark B1's work on
// ticker NDJSON: a `trades` table partitioned by dt=YYYY-MM-DD and 1-minute OHLC bars per ticker
// (`ohlc_1m`: open and close by event time), both Snappy Parquet. Prints one JSON line:
// {"engine":"duckdb","threads":N,"records":N,"seconds":S} (seconds: the work, without start-up).
// Usage: node tests/tools/duckdb-peer.mjs INPUT.ndjson OUT_DIR [THREADS]
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [input, outDir, threads = '2'] = process.argv.slice(2);
if (!input || !outDir || !/^[1-9][0-9]*$/.test(threads)) {
  process.stderr.write('usage: node duckdb-peer.mjs INPUT.ndjson OUT_DIR [THREADS]\n');
  process.exit(2);
}

// DuckDB comes from tests/interop's node_modules (npm ci there), not from beside this file.
const interop = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'interop');
const { DuckDBInstance } = await import(pathToFileURL(createRequire(join(interop, 'package.json')).resolve('@duckdb/node-api')).href);

const quote = text => `'${text.replaceAll("'", "''")}'`;
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const instance = await DuckDBInstance.create(':memory:', { threads });
const db = await instance.connect();
const started = performance.now();
await db.run(`
  CREATE TEMP TABLE ticks AS
  SELECT TICKER_SYMBOL AS ticker_symbol, SECTOR AS sector, PRICE AS price, make_timestamp_ms(EVENT_TIME) AS event_time
  FROM read_ndjson(${quote(input)}, columns = {TICKER_SYMBOL: 'VARCHAR', SECTOR: 'VARCHAR', CHANGE: 'DOUBLE', PRICE: 'DOUBLE', EVENT_TIME: 'BIGINT'})`);
await db.run(`
  COPY (SELECT ticker_symbol, sector, price, event_time, strftime(event_time, '%Y-%m-%d') AS dt FROM ticks)
  TO ${quote(join(outDir, 'trades'))} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (dt))`);
await db.run(`
  COPY (
    SELECT time_bucket(INTERVAL 1 minute, event_time) AS window_start,
           time_bucket(INTERVAL 1 minute, event_time) + INTERVAL 1 minute AS window_end,
           ticker_symbol, any_value(sector) AS sector,
           arg_min(price, event_time) AS open, max(price) AS high, min(price) AS low, arg_max(price, event_time) AS close,
           count(*) AS trade_count, avg(price) AS avg_price,
           strftime(time_bucket(INTERVAL 1 minute, event_time), '%Y-%m-%d') AS dt
    FROM ticks GROUP BY ALL)
  TO ${quote(join(outDir, 'ohlc_1m'))} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (dt))`);
const seconds = (performance.now() - started) / 1000;
const records = Number((await db.runAndReadAll('SELECT count(*) FROM ticks')).getRows()[0][0]);
process.stdout.write(JSON.stringify({ engine: 'duckdb', threads: Number(threads), records, seconds: Number(seconds.toFixed(3)) }) + '\n');
