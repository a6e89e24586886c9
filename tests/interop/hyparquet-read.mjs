// Reads a Parquet file with hyparquet (a reader independent of DuckDB) and prints
// {"schema": [{name, type, logicalType, repetition}], "numRows": N, "rowGroups": N, "rows": [...]}.
// Timestamps are printed as epoch milliseconds, big integers as numbers.
// Usage: node hyparquet-read.mjs FILE.parquet
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const metadata = await parquetMetadataAsync(file);
const schema = parquetSchema(metadata).children.map(c => ({
  name: c.element.name,
  type: c.element.type,
  logicalType: c.element.logical_type ? JSON.stringify(c.element.logical_type, (k, v) => typeof v === 'bigint' ? Number(v) : v) : null,
  repetition: c.element.repetition_type,
}));
const rows = await parquetReadObjects({ file, compressors, utf8: true });
// Dates are turned into epoch milliseconds before JSON.stringify, whose toJSON would make them ISO strings.
const plainRows = rows.map(row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v])));
const json = JSON.stringify({
  schema, numRows: Number(metadata.num_rows), rowGroups: metadata.row_groups.length,
  createdBy: metadata.created_by ?? null, rows: plainRows,
}, (k, v) => typeof v === 'bigint' ? Number(v) : v);
process.stdout.write(json);
