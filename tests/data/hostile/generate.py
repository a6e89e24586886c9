#!/usr/bin/env python3
"""Writes the hostile corpus in this folder. Deterministic: the same bytes on every run.

Run from the repository root: python3 tests/data/hostile/generate.py
What each line must become is in README.md and expected.json (written by hand, not by this script).
"""
import base64
import gzip
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ARRIVAL = 1700000000.5  # 2023-11-14T22:13:20.500Z, epoch seconds as GetRecords gives it
ARRIVAL_MS = 1700000000500
SHARD = "shardId-000000000001"


def seq(n):
    return "49600000000000000000000000000000000000000000000000%06d" % n


def gz(data):
    return gzip.compress(data, mtime=0)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def ticker(symbol="JIB", price=44.89, event_time=1700000000123, extra=""):
    text = '{"TICKER_SYMBOL":"%s","SECTOR":"AUTOMOBILE","CHANGE":-0.15,"PRICE":%s' % (symbol, price)
    if event_time is not None:
        text += ',"EVENT_TIME":%s' % (json.dumps(event_time) if isinstance(event_time, str) else event_time)
    return (text + extra + "}").encode("utf-8")


def record_line(n, data, arrival=ARRIVAL, **members):
    """A capture line as GetRecords returns a record, with ShardId."""
    fields = {"ShardId": SHARD, "SequenceNumber": seq(n), "ApproximateArrivalTimestamp": arrival,
              "PartitionKey": "pk-%d" % n, "Data": b64(data)}
    fields.update(members)
    return json.dumps(fields, separators=(",", ":")).encode("ascii")


def raw_line(text):
    return text.encode("utf-8") if isinstance(text, str) else text


def envelope(events, message_type="DATA_MESSAGE"):
    return json.dumps({
        "messageType": message_type, "owner": "123456789012", "logGroup": "/aws/lambda/ticker-producer-1",
        "logStream": "2023/11/14/[$LATEST]00000000000000000000000000000001", "subscriptionFilters": ["is_save_kinesis"],
        "logEvents": [{"id": "36%054d" % (i + 1), "timestamp": ts, "message": m} for i, (ts, m) in enumerate(events)],
    }, separators=(",", ":")).encode("utf-8")


def python_line(json_bytes):
    return "[INFO]\t2023-11-14T22:13:20.123Z\t79042c19-0576-bd4c-586a-bf8887e79fa4\tis_save_kinesis %s\n" % json_bytes.decode("utf-8")


CONTROL = (b'{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",'
           b'"subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1700000000000,'
           b'"message":"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}]}')


# --- KPL aggregates (magic, protobuf AggregatedRecord, MD5 of the protobuf) ---
MAGIC = bytes([0xF3, 0x89, 0x9A, 0xC2])


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def field_ld(number, value):
    return varint((number << 3) | 2) + varint(len(value)) + value


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def kpl_record(data, key_index=0):
    return field_ld(3, field_varint(1, key_index) + field_ld(3, data))


def aggregate(body, digest=None):
    return MAGIC + body + (digest if digest is not None else hashlib.md5(body).digest())


def kpl(*datas, keys=("pk",)):
    body = b"".join(field_ld(1, k.encode()) for k in keys) + b"".join(kpl_record(d) for d in datas)
    return aggregate(body)


def write(name, lines):
    with open(os.path.join(HERE, name), "wb") as f:
        for line in lines:
            f.write(line + b"\n")


def event_time_bound():
    env = envelope([
        (1700000000000, python_line(ticker("AAA", 10, None))),
        (253402214400000, python_line(ticker("BBB", 11, None))),
        (1700000000001, python_line(ticker("CCC", 12, "9999-12-31T00:00:00Z"))),
    ])
    write("event-time-bound.jsonl", [
        record_line(1, ticker(event_time=1700000000123)),
        record_line(2, ticker(event_time="9999-12-31T00:00:00Z")),
        record_line(3, ticker(event_time=ARRIVAL_MS + 3600000)),
        record_line(4, ticker(event_time=ARRIVAL_MS + 840000)),
        record_line(5, ticker(event_time=ARRIVAL_MS + 900001)),
        record_line(6, ticker(event_time=-1)),
        record_line(7, ticker(event_time="1e300").replace(b'"1e300"', b"1e300")),
        record_line(8, ticker(event_time="0001-01-01T00:00:00Z")),
        record_line(9, ticker(event_time=None)),
        record_line(10, gz(env)),
        record_line(11, kpl(ticker("DDD", 13, "9999-12-31T00:00:00Z"), ticker("EEE", 14))),
        record_line(12, ticker(price=0, event_time="9999-12-31T23:59:59.999Z")),
    ])


def arrival_time():
    good = ticker(event_time=1700000000123)
    write("arrival-time.jsonl", [
        record_line(1, good),
        record_line(2, good).replace(b'"ApproximateArrivalTimestamp":1700000000.5', b'"ApproximateArrivalTimestamp":1e15'),
        record_line(3, good, arrival=-1),
        record_line(4, good).replace(b'"ApproximateArrivalTimestamp":1700000000.5', b'"ApproximateArrivalTimestamp":1e400'),
        record_line(5, good, arrival="NaN"),
        record_line(6, good, arrival="0001-01-01T00:00:00Z"),
        record_line(7, good, arrival=253402300800),
        record_line(8, good, arrival=True),
        json.dumps({"ShardId": SHARD, "SequenceNumber": seq(9), "PartitionKey": "pk-9", "Data": b64(good)},
                   separators=(",", ":")).encode(),
        record_line(10, good, arrival="2023-11-14T22:13:20.5Z"),
    ])


def broken_capture_lines():
    good = ticker(event_time=1700000000123)
    deep = "[" * 100 + "]" * 100
    write("broken-capture-lines.jsonl", [
        record_line(1, good, Data="!!!not base64"),
        json.dumps({"ShardId": SHARD, "SequenceNumber": seq(2), "PartitionKey": "pk-2"}, separators=(",", ":")).encode(),
        record_line(3, good, SequenceNumber="4960x"),
        record_line(4, good, SequenceNumber=4960),
        record_line(5, good, Data=42),
        record_line(6, good).replace(b'"Data":', b'"Data":"eyJ9","Data":'),
        record_line(7, good, ShardId="../../etc"),
        record_line(8, good, PartitionKey={"a": 1}),
        record_line(9, good)[:60],
        record_line(10, good, PartitionKey="a\x07b").replace(b"\\u0007", b"\x07"),
        record_line(11, good).replace(b'"PartitionKey"', b'"x":' + deep.encode() + b',"PartitionKey"'),
        record_line(12, good, PartitionKey="k-").replace(b'"k-"', b'"k-\xff"'),
        record_line(13, good).replace(b'"ApproximateArrivalTimestamp":1700000000.5', b'"ApproximateArrivalTimestamp":NaN'),
        json.dumps({"Data": b64(good)}, separators=(",", ":")).encode(),
        record_line(15, good),
        b"",
        b"   \t ",
        b'{"partitionkey":"x","data":"eA=="}',
        record_line(19, b""),
    ])


def gzip_payloads():
    good_env = envelope([(1700000000000, python_line(ticker("AAA", 10))), (1700000000001, python_line(ticker("BBB", 11)))])
    env_gz = gz(good_env)
    corrupt = bytearray(env_gz)
    corrupt[12] ^= 0xFF  # an early byte of the deflate data (the gzip header is 10 bytes)
    bad_crc = bytearray(env_gz)
    bad_crc[-8] ^= 0x01  # CRC-32 in the trailer
    members = b"".join(gz(b" " * (4 << 20)) for _ in range(3))
    nan_env = good_env.replace(b'"timestamp":1700000000000', b'"timestamp":NaN')
    deep_env = good_env.replace(b'"owner":', b'"x":' + b"[" * 70 + b"]" * 70 + b',"owner":')
    empty_env = envelope([])
    mixed_env = envelope([(1700000000000, "START RequestId: 79042c19 Version: $LATEST\n"),
                          (1700000000001, python_line(ticker("CCC", 12)))])
    nan_msg_env = envelope([(1700000000000, '[INFO]\t{"TICKER_SYMBOL":"JIB","PRICE":NaN}\n')])
    write("gzip-payloads.jsonl", [
        record_line(1, env_gz),
        record_line(2, gz(CONTROL)),
        record_line(3, env_gz[: len(env_gz) // 2]),
        record_line(4, bytes(corrupt)),
        record_line(5, bytes(bad_crc)),
        record_line(6, gz(b"\0" * (11 << 20))),
        record_line(7, members),
        record_line(8, gz(b'{"hello":"world"}')),
        record_line(9, gz(nan_env)),
        record_line(10, gz(deep_env)),
        record_line(11, bytes([0x1F, 0x8B])),
        record_line(12, gz(mixed_env)),
        record_line(13, gz(nan_msg_env)),
        record_line(14, gz(empty_env)),
    ])


def kpl_aggregates():
    a, b = ticker("AAA", 10), ticker("BBB", 11)
    good_body = field_ld(1, b"pk") + kpl_record(a) + kpl_record(b)
    lying_outer = field_ld(1, b"pk") + varint((3 << 3) | 2) + varint(200) + field_varint(1, 0) + field_ld(3, a)
    inner = field_varint(1, 0) + varint((3 << 3) | 2) + varint(500) + a
    lying_inner = field_ld(1, b"pk") + field_ld(3, inner)
    bad_key = field_ld(1, b"pk") + kpl_record(a, key_index=5)
    huge_varint = field_ld(1, b"pk") + varint((3 << 3) | 2) + bytes([0xFF] * 9 + [0x01]) + a
    write("kpl-aggregates.jsonl", [
        record_line(1, aggregate(good_body)),
        record_line(2, aggregate(good_body, digest=bytes(16))),
        record_line(3, aggregate(lying_outer)),
        record_line(4, aggregate(lying_inner)),
        record_line(5, aggregate(bad_key)),
        record_line(6, kpl(kpl(a), b)),
        record_line(7, MAGIC + b"\x0a\x01"),
        record_line(8, kpl(gz(envelope([(1700000000000, python_line(ticker("CCC", 12)))])))),
        record_line(9, aggregate(huge_varint)),
        record_line(10, aggregate(field_ld(1, b"pk"))),
    ])


def json_values():
    deep = "[" * 100 + "]" * 100
    write("json-values.ndjson", [
        b"\xef\xbb\xbf" + ticker(),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":NaN}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":Infinity}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":-Infinity}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":"NaN"}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1e400}'),
        raw_line('{"x":%s,"TICKER_SYMBOL":"JIB","PRICE":1}' % deep),
        b'{"TICKER_SYMBOL":"JIB","PRICE":1,"SECTOR":"A\xc3\x28"}',
        b'{"TICKER_SYMBOL":"JIB","PRICE":1,"comment":"\xff"}',
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1,"PRICE":2}'),
        raw_line('{"TICKER_SYMBOL":"JIB","ticker_symbol":"WMT","PRICE":1}'),
        raw_line('{"TICKER_SYMBOL":"../x","PRICE":1}'),
        raw_line('{"TICKER_SYMBOL":"a/b","PRICE":1}'),
        raw_line('{"TICKER_SYMBOL":"..","PRICE":1}'),
        raw_line('{"TICKER_SYMBOL":"J\\u0000B","PRICE":1}'),
        b'{"TICKER_SYMBOL":"J\x07B","PRICE":1}',
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1,"SECTOR":"RETAIL\\n"}'),
        raw_line("null"),
        raw_line("[]"),
        raw_line("{"),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1}{"x":1}'),
        b"",
        raw_line('{"TICKER_SYMBOL":"%2F","PRICE":1}'),
        raw_line('{"TICKER_SYMBOL":"BRK.B","PRICE":350.5,"SECTOR":"\\u00c9nergie","EVENT_TIME":"2023-11-14T22:13:20Z"}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":"9999-12-31T00:00:00Z"}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":"NaN"}'),
        raw_line('{"TICKER_SYMBOL":"JIB","PRICE":1,"EVENT_TIME":1700000000000,"x":1,"x":2}'),
    ])


def records_documents():
    good = ticker(event_time=1700000000123)
    entries = [
        {"SequenceNumber": seq(1), "ApproximateArrivalTimestamp": "2023-11-14T22:13:20.500000+00:00", "Data": b64(good), "PartitionKey": "JIB"},
        {"SequenceNumber": seq(2), "ApproximateArrivalTimestamp": ARRIVAL, "Data": "%%%", "PartitionKey": "JIB"},
        42,
        {"SequenceNumber": seq(4), "ApproximateArrivalTimestamp": ARRIVAL, "PartitionKey": "JIB"},
        {"SequenceNumber": seq(5), "ApproximateArrivalTimestamp": 1e15, "Data": b64(good), "PartitionKey": "JIB"},
        {"SequenceNumber": seq(6), "ApproximateArrivalTimestamp": ARRIVAL, "Data": b64(ticker(event_time="9999-12-31T00:00:00Z")), "PartitionKey": "JIB"},
        {"SequenceNumber": seq(7), "ApproximateArrivalTimestamp": ARRIVAL, "Data": b64(gz(CONTROL)), "PartitionKey": "JIB"},
    ]
    text = json.dumps({"Records": entries, "NextShardIterator": "AAAAAAAAAAH", "MillisBehindLatest": 0}, indent=4)
    with open(os.path.join(HERE, "records-document.json"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(HERE, "records-document-truncated.json"), "w") as f:
        f.write(text[: len(text) // 2])


def gzip_files():
    lines = b"".join(ticker("S%d" % i, i, 1700000000000 + i) + b"\n" for i in range(1, 101))
    data = gz(lines)
    bad_crc = bytearray(data)
    bad_crc[-8] ^= 0x01
    with open(os.path.join(HERE, "capture-bad-crc.jsonl.gz"), "wb") as f:
        f.write(bytes(bad_crc))
    bad_block = bytearray(data)
    bad_block[10] |= 0x06  # BTYPE 11 in the first deflate block header: a reserved, invalid block type
    with open(os.path.join(HERE, "capture-bad-block.jsonl.gz"), "wb") as f:
        f.write(bytes(bad_block))
    with open(os.path.join(HERE, "capture-truncated.jsonl.gz"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    event_time_bound()
    arrival_time()
    broken_capture_lines()
    gzip_payloads()
    kpl_aggregates()
    json_values()
    records_documents()
    gzip_files()
