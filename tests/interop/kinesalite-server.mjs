// Starts kinesalite (Kinesis API stand-in, in memory: no --path, so the native leveldown module is not needed)
// on 127.0.0.1 and a free port. Prints {"port":N} on one line once listening; exits when standard input closes.
// Usage: node kinesalite-server.mjs [--createStreamMs 5] [--deleteStreamMs 5] [--updateStreamMs 5] [--shardLimit 1000]
import kinesalite from 'kinesalite';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    createStreamMs: { type: 'string', default: '5' },
    deleteStreamMs: { type: 'string', default: '5' },
    updateStreamMs: { type: 'string', default: '5' },
    shardLimit: { type: 'string', default: '1000' },
  },
});

const server = kinesalite({
  createStreamMs: Number(values.createStreamMs),
  deleteStreamMs: Number(values.deleteStreamMs),
  updateStreamMs: Number(values.updateStreamMs),
  shardLimit: Number(values.shardLimit),
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
