// Runs one SQL statement in an in-memory DuckDB and prints the result rows as a JSON array.
// Timestamps are printed as epoch milliseconds, big integers as numbers, blobs as base64.
// Usage: node duckdb-query.mjs "SELECT ..."   (or the SQL on standard input when no argument is given)
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const sql = process.argv[2] ?? readFileSync(0, 'utf8');
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await db.connect();
const reader = await connection.runAndReadAll(sql);
const names = reader.columnNames();
const types = reader.columnTypes();
const rows = reader.getRows().map(row => Object.fromEntries(row.map((value, i) => [names[i], plain(value, types[i])])));
process.stdout.write(JSON.stringify(rows));

function plain(value, type) {
  if (value === null || value === undefined) return null;
  const kind = type?.typeId;
  if (typeof value === 'bigint') return Number(value);
  if (value.micros !== undefined) return Number(value.micros / 1000n);      // TIMESTAMP, TIMESTAMPTZ
  if (value.millis !== undefined) return Number(value.millis);              // TIMESTAMP_MS
  if (value.days !== undefined && kind !== undefined) return value.toString(); // DATE
  if (value.bytes instanceof Uint8Array) return Buffer.from(value.bytes).toString('base64');
  if (typeof value === 'object') return value.toString();
  return value;
}
