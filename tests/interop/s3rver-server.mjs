// Starts s3rver (S3 API stand-in) on 127.0.0.1 and a free port, storing objects under --directory.
// Path-style buckets only; SigV4 signatures are not checked by s3rver, but the access key must be S3RVER.
// Prints {"port":N} on one line once listening; exits when standard input closes.
// Usage: node s3rver-server.mjs --directory /tmp/s3 [--bucket name]...
import S3rver from 's3rver';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    directory: { type: 'string' },
    bucket: { type: 'string', multiple: true, default: [] },
  },
});
if (!values.directory) {
  process.stderr.write('--directory is required\n');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: values.directory,
  vhostBuckets: false,
  allowMismatchedSignatures: true,
  configureBuckets: values.bucket.map(name => ({ name, configs: [] })),
});

const { port } = await server.run();
process.stdout.write(JSON.stringify({ port }) + '\n');

process.stdin.on('end', () => server.close().then(() => process.exit(0), () => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
