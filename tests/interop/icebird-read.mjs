// Reads an Iceberg table with icebird (an Iceberg reader on hyparquet, independent of SparkEtl) and prints
// {"metadataFile": ..., "snapshotId": N, "dataFiles": [paths], "rows": [...]} for its current snapshot, or for the
// metadata file named by --metadata (time travel). Timestamps are printed as epoch milliseconds, BigInt as numbers.
// icebird reads through fetch: file:// locations are served from the local disk here (with Range requests), and
// s3://bucket/key locations (which icebird turns into https://bucket.s3.amazonaws.com/key) from --s3-endpoint,
// path-style, as s3rver serves them.
// Usage: node icebird-read.mjs --table URL [--metadata vN.metadata.json] [--s3-endpoint http://127.0.0.1:PORT]
import { icebergRead, icebergMetadata } from 'icebird';
import { icebergManifests, splitManifestEntries } from 'icebird/src/manifest.js';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { table: { type: 'string' }, metadata: { type: 'string' }, 's3-endpoint': { type: 'string' } },
});
if (!values.table) {
  process.stderr.write('--table is required\n');
  process.exit(2);
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (url.startsWith('file://')) return fileResponse(fileURLToPath(url), init);
  const s3 = url.match(/^https:\/\/([^/.]+)\.s3\.amazonaws\.com(\/.*)$/);
  if (s3 && values['s3-endpoint']) {
    return realFetch(values['s3-endpoint'].replace(/\/$/, '') + '/' + s3[1] + s3[2], init);
  }
  return realFetch(input, init);
};

function fileResponse(path, init) {
  let body;
  try {
    body = readFileSync(path);
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
  const headers = new Headers(init?.headers);
  const range = headers.get('range')?.match(/^bytes=(\d+)-(\d*)$/);
  if (init?.method === 'HEAD') {
    return new Response(null, { status: 200, headers: { 'content-length': String(statSync(path).size) } });
  }
  if (range) {
    const start = Number(range[1]);
    const end = range[2] === '' ? body.length - 1 : Number(range[2]);
    const slice = body.subarray(start, end + 1);
    return new Response(slice, { status: 206, headers: { 'content-length': String(slice.length), 'content-range': `bytes ${start}-${end}/${body.length}` } });
  }
  return new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
}

const tableUrl = values.table;
const metadata = await icebergMetadata({ tableUrl, metadataFileName: values.metadata });
const manifests = await icebergManifests(metadata);
const { dataEntries } = splitManifestEntries(manifests);
const rows = await icebergRead({ tableUrl, metadata });
const plain = rows.map(row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v])));
process.stdout.write(JSON.stringify({
  snapshotId: metadata['current-snapshot-id'],
  dataFiles: dataEntries.map(e => e.data_file.file_path),
  rows: plain,
}, (k, v) => typeof v === 'bigint' ? Number(v) : v));
