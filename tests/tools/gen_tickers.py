#!/usr/bin/env python3
"""Deterministic stock-ticker input for SparkEtl's tests and benchmark (Python standard library only).

It is written apart from the C# code on purpose: tests compare what the job makes of this data with
tests/tools/expected_tables.py, so neither side may borrow from the engine's decoders or demo source.

Formats (--format):
  ndjson       one ticker record per line, as a producer puts it on a stream:
               {"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":-0.41,"PRICE":171.62,"EVENT_TIME":1710513000000}
  kinesis-raw  one Kinesis record per line as GetRecords returns it (SequenceNumber, PartitionKey,
               ApproximateArrivalTimestamp in epoch seconds, Data in base64) plus ShardId; the data is
               one ndjson line's bytes. Shards are chosen from the MD5 of the partition key, as Kinesis does.
  kinesis-cwl  the same records, but each carries a gzip CloudWatch Logs subscription envelope
               (DATA_MESSAGE, --events-per-envelope Lambda log lines with the ticker JSON after a prefix);
               the first record is the CONTROL_MESSAGE CloudWatch Logs sends when a subscription is made.
  kinesis-kpl  the same records, but each carries a KPL aggregate of --records-per-aggregate ticker
               records bound for one shard: magic f3 89 9a c2, a protobuf AggregatedRecord, its MD5.

Every record is valid; event times rise by 1/--rate seconds from 2024-03-15T14:30:00Z.
The same options always give the same bytes.
Usage: gen_tickers.py --format FORMAT --records N [--seed 7] [--symbols 200] [--shards 4] [--rate 5000]
                      [--events-per-envelope 100] [--records-per-aggregate 50] [--out FILE|-] [--stats FILE]
"""
import argparse
import base64
import gzip
import hashlib
import json
import random
import sys
import uuid
from datetime import datetime, timezone

START_MS = 1_710_513_000_000  # 2024-03-15T14:30:00Z
ARRIVAL_DELAY_MS = 40  # a record reaches the stream this long after its last ticker's event time
WELL_KNOWN = [("AMZN", "TECHNOLOGY"), ("JIB", "AUTOMOBILE"), ("XOM", "ENERGY"), ("JPM", "FINANCIAL"),
              ("PFE", "HEALTHCARE"), ("NFLX", "MEDIA"), ("WMT", "RETAIL"), ("QXZ", "FINANCIAL")]
SECTORS = sorted({sector for _, sector in WELL_KNOWN})
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
KPL_MAGIC = b"\xf3\x89\x9a\xc2"


class Ticker:
    """A random walk of prices over a fixed set of symbols."""

    def __init__(self, rng, symbol_count, rate):
        self.rng = rng
        self.symbols = WELL_KNOWN[:symbol_count]
        taken = {s for s, _ in self.symbols}
        while len(self.symbols) < symbol_count:
            name = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 4)))
            if name not in taken:
                taken.add(name)
                self.symbols.append((name, rng.choice(SECTORS)))
        self.prices = [rng.randint(500, 50000) / 100 for _ in self.symbols]
        self.step_ms = 1000.0 / rate

    def records(self, count):
        """Yields (symbol, ndjson line without newline, event time ms)."""
        rng = self.rng
        for i in range(count):
            k = rng.randrange(len(self.symbols))
            symbol, sector = self.symbols[k]
            change = rng.randint(-100, 100) / 100
            price = round(max(0.01, self.prices[k] + change), 2)
            self.prices[k] = price
            event_ms = START_MS + int(i * self.step_ms)
            line = (f'{{"TICKER_SYMBOL":"{symbol}","SECTOR":"{sector}","CHANGE":{change!r},'
                    f'"PRICE":{price!r},"EVENT_TIME":{event_ms}}}')
            yield symbol, line, event_ms


def shard_of(partition_key, shards):
    # Kinesis: the MD5 of the partition key, a 128-bit number, falls in one of the shards' equal hash key ranges.
    hash_key = int.from_bytes(hashlib.md5(partition_key.encode()).digest(), "big")
    return (hash_key * shards) >> 128


class Stream:
    """Writes Kinesis records as capture lines, numbering them per shard."""

    def __init__(self, out, shards):
        self.out = out
        self.shards = shards
        self.next_sequence = [0] * shards
        self.records = 0
        self.json_bytes = 0  # the JSON the records carry, decompressed

    def put(self, partition_key, data, arrival_ms, shard=None, json_bytes=None):
        self.records += 1
        self.json_bytes += len(data) if json_bytes is None else json_bytes
        shard = shard_of(partition_key, self.shards) if shard is None else shard
        sequence = self.next_sequence[shard]
        self.next_sequence[shard] += 1
        # Kinesis sequence numbers are decimal strings that grow within a shard; these are all 56 digits.
        sequence_number = f"4961{shard:03d}{sequence:049d}"
        data64 = base64.b64encode(data).decode("ascii")
        self.out.write(f'{{"ShardId":"shardId-{shard:012d}","SequenceNumber":"{sequence_number}",'
                       f'"ApproximateArrivalTimestamp":{arrival_ms / 1000:.3f},'
                       f'"PartitionKey":"{partition_key}","Data":"{data64}"}}\n')


_seconds = {}


def iso(ms):
    second = ms // 1000
    prefix = _seconds.get(second)
    if prefix is None:
        prefix = datetime.fromtimestamp(second, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.")
        _seconds[second] = prefix
    return f"{prefix}{ms % 1000:03d}Z"


def json_string(text):
    # Enough JSON string escaping for the log lines made here: backslash, quote, tab and newline.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def write_cloudwatch(stream, rng, tickers, events_per_envelope):
    functions = [f"/aws/lambda/ticker-feed-{n}" for n in ("east", "west", "replay")]
    log_streams = [f"2024/03/15/[$LATEST]{uuid.UUID(int=rng.getrandbits(128)).hex}" for _ in range(6)]
    control = ('{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",'
               '"subscriptionFilters":[],"logEvents":[{"id":"","timestamp":%d,'
               '"message":"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}]}') % START_MS
    stream.put("cwl-control", gzip.compress(control.encode(), mtime=0), START_MS, json_bytes=len(control))
    event_id = 0
    batch = []

    def flush():
        group = rng.choice(functions)
        log_stream = rng.choice(log_streams)
        request = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        events = []
        for n, (line, event_ms) in enumerate(batch):
            # Two Lambda runtimes' log formats: Python's logging and Node's console.
            if n % 2 == 0:
                message = f"[INFO]\t{iso(event_ms)}\t{request}\tis_save_kinesis {line}\n"
            else:
                message = f"{iso(event_ms)}\t{request}\tINFO\tticker {line}\n"
            events.append('{"id":"%s","timestamp":%d,"message":%s}' % (
                f"{event_ms:016d}{event_id + n:040d}", event_ms, json_string(message)))
        envelope = ('{"messageType":"DATA_MESSAGE","owner":"210987654321","logGroup":"%s","logStream":"%s",'
                    '"subscriptionFilters":["ticker-to-kinesis"],"logEvents":[%s]}') % (group, log_stream, ",".join(events))
        body = envelope.encode()
        stream.put(f"{group}:{log_stream}", gzip.compress(body, compresslevel=6, mtime=0),
                   batch[-1][1] + ARRIVAL_DELAY_MS, json_bytes=len(body))

    for _, line, event_ms in tickers:
        batch.append((line, event_ms))
        if len(batch) == events_per_envelope:
            flush()
            event_id += len(batch)
            batch = []
    if batch:
        flush()


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def length_delimited(field, payload):
    # Protobuf wire type 2: the tag (field << 3 | 2), the length as a varint, the bytes.
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def kpl_aggregate(user_records):
    """KPL aggregation format: AggregatedRecord{partition_key_table=1, records=3{partition_key_index=1, data=3}}."""
    keys = []
    body = bytearray()
    for key, _ in user_records:
        if key not in keys:
            keys.append(key)
            body += length_delimited(1, key.encode())
    for key, data in user_records:
        record = varint(1 << 3 | 0) + varint(keys.index(key)) + length_delimited(3, data)
        body += length_delimited(3, record)
    return KPL_MAGIC + bytes(body) + hashlib.md5(body).digest()


def write_kpl(stream, tickers, per_aggregate):
    # The KPL packs user records bound for the same shard; the aggregate goes out under the first one's key.
    pending = [[] for _ in range(stream.shards)]
    for symbol, line, event_ms in tickers:
        shard = shard_of(symbol, stream.shards)
        pending[shard].append((symbol, line.encode(), event_ms))
        if len(pending[shard]) == per_aggregate:
            flush_kpl(stream, shard, pending[shard])
            pending[shard] = []
    for shard, batch in enumerate(pending):
        if batch:
            flush_kpl(stream, shard, batch)


def flush_kpl(stream, shard, batch):
    data = kpl_aggregate([(key, data) for key, data, _ in batch])
    stream.put(batch[0][0], data, batch[-1][2] + ARRIVAL_DELAY_MS, shard=shard,
               json_bytes=sum(len(d) for _, d, _ in batch))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", required=True, choices=["ndjson", "kinesis-raw", "kinesis-cwl", "kinesis-kpl"])
    ap.add_argument("--records", type=int, required=True, help="ticker records to make")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--symbols", type=int, default=200, help="distinct ticker symbols (default 200)")
    ap.add_argument("--shards", type=int, default=4, help="Kinesis shards the records spread over (default 4)")
    ap.add_argument("--rate", type=float, default=5000.0, help="ticker records per second of event time (default 5000)")
    ap.add_argument("--events-per-envelope", type=int, default=100, help="kinesis-cwl: log events per envelope")
    ap.add_argument("--records-per-aggregate", type=int, default=50, help="kinesis-kpl: user records per aggregate")
    ap.add_argument("--out", default="-", help="the file to write (default: standard output)")
    ap.add_argument("--stats", help="also write {records, kinesis_records, json_bytes} here as JSON; json_bytes "
                    "counts the ticker JSON the file carries, decompressed (the envelopes' JSON for kinesis-cwl)")
    a = ap.parse_args()
    for name in ("records", "symbols", "shards", "events_per_envelope", "records_per_aggregate"):
        if getattr(a, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    if a.rate <= 0:
        ap.error("--rate must be above 0")

    rng = random.Random(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
    try:
        tickers = Ticker(rng, a.symbols, a.rate).records(a.records)
        stream = Stream(out, a.shards)
        if a.format == "ndjson":
            for _, line, _ in tickers:
                stream.records += 1
                stream.json_bytes += len(line) + 1
                out.write(line + "\n")
        elif a.format == "kinesis-raw":
            for symbol, line, event_ms in tickers:
                stream.put(symbol, line.encode(), event_ms + ARRIVAL_DELAY_MS)
        elif a.format == "kinesis-cwl":
            write_cloudwatch(stream, rng, tickers, a.events_per_envelope)
        else:
            write_kpl(stream, tickers, a.records_per_aggregate)
    finally:
        if out is not sys.stdout:
            out.close()
    if a.stats:
        with open(a.stats, "w") as f:
            json.dump({"format": a.format, "records": a.records, "kinesis_records": stream.records,
                       "json_bytes": stream.json_bytes}, f)


if __name__ == "__main__":
    main()
