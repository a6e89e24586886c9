#!/usr/bin/env python3
"""An independent computation of what SparkEtl must write for a file of ticker records.

Reads any of the shapes gen_tickers.py writes (ndjson, kinesis-raw, kinesis-cwl, kinesis-kpl), and the
capture files `sparketl demo` writes, decodes them with the Python standard library only (base64, gzip,
json, hashlib; KPL protobuf by hand), and prints JSON:
  {"trades": {SYMBOL: count}, "bars": [{window_start, window_end, ticker_symbol, sector, open, high,
   low, close, trade_count, avg_price}], "control_messages": N, "no_ticker": N}
A log line without a JSON object (a Lambda platform line such as REPORT) counts as no_ticker.
Every ticker is taken to be valid: this is for inputs made without bad records.
Rules: field names case-insensitive; event time = EVENT_TIME, else log event timestamp, else arrival;
tumbling windows of --window-ms; open/close by event time, ties by source position
(shard id, sequence number, KPL sub-sequence, log event index); sector of the latest trade with one.
It is written apart from the C# code on purpose: the test compares the two.
Usage: expected_tables.py FILE [--window-ms 60000]
"""
import argparse
import base64
import gzip
import hashlib
import json
import re
import sys
from datetime import datetime

JSON_START = re.compile(r"\{")
no_ticker = 0


def ticker_from_message(message):
    for m in JSON_START.finditer(message):
        try:
            obj, _ = json.JSONDecoder().raw_decode(message[m.start():])
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            return obj
    return None


def lower_keys(obj):
    return {k.lower(): v for k, v in obj.items()}


def event_time(fields, fallback_ms):
    value = fields.get("event_time")
    if value is None:
        return fallback_ms
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)


KPL_MAGIC = b"\xf3\x89\x9a\xc2"


def read_varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def protobuf_fields(buf):
    """Yields (field number, value) of a protobuf message: ints for varints, bytes for length-delimited."""
    i = 0
    while i < len(buf):
        tag, i = read_varint(buf, i)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, i = read_varint(buf, i)
        elif wire == 2:
            length, i = read_varint(buf, i)
            value, i = bytes(buf[i:i + length]), i + length
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
        yield field, value


def kpl_user_records(data):
    """The data of each user record in a KPL aggregate, after checking its MD5 trailer."""
    body, digest = data[4:-16], data[-16:]
    if hashlib.md5(body).digest() != digest:
        raise ValueError("KPL aggregate with a wrong MD5")
    out = []
    for field, value in protobuf_fields(body):
        if field == 3:
            out.append(next(v for f, v in protobuf_fields(value) if f == 3))
    return out


def trades_of(path):
    """Yields (symbol, sector, price, event_ms, position) for every ticker record in the file."""
    global no_ticker
    control = 0
    out = []
    with open(path) as f:
        for line_number, line in enumerate(f, start=1):
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            if "Data" not in record:
                fields = lower_keys(record)
                position = ("shardId-000000000000", line_number, -1, -1)
                out.append(make_trade(fields, None, position))
                continue
            data = base64.b64decode(record["Data"])
            shard = record.get("ShardId", "shardId-000000000000")
            seq = int(record["SequenceNumber"])
            arrival = round(record["ApproximateArrivalTimestamp"] * 1000)
            if data[:2] == b"\x1f\x8b":
                envelope = json.loads(gzip.decompress(data))
                if envelope["messageType"] == "CONTROL_MESSAGE":
                    control += 1
                    continue
                for index, event in enumerate(envelope["logEvents"]):
                    obj = ticker_from_message(event["message"])
                    if obj is None:
                        no_ticker += 1
                        continue
                    fields = lower_keys(obj)
                    out.append(make_trade(fields, event["timestamp"], (shard, seq, -1, index)))
            elif data[:4] == KPL_MAGIC:
                for sub, user_data in enumerate(kpl_user_records(data)):
                    fields = lower_keys(json.loads(user_data))
                    out.append(make_trade(fields, arrival, (shard, seq, sub, -1)))
            else:
                fields = lower_keys(json.loads(data))
                out.append(make_trade(fields, arrival, (shard, seq, -1, -1)))
    return out, control


def make_trade(fields, fallback_ms, position):
    return (fields["ticker_symbol"], fields.get("sector"), float(fields["price"]),
            event_time(fields, fallback_ms), position)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--window-ms", type=int, default=60000)
    a = ap.parse_args()
    trades, control = trades_of(a.file)
    counts = {}
    windows = {}
    for symbol, sector, price, t, pos in trades:
        counts[symbol] = counts.get(symbol, 0) + 1
        start = t - (t % a.window_ms)
        windows.setdefault((start, symbol), []).append((t, pos, price, sector))
    bars = []
    for (start, symbol), rows in sorted(windows.items()):
        rows.sort(key=lambda r: (r[0], r[1]))
        prices = [r[2] for r in rows]
        sectors = [r[3] for r in rows if r[3] is not None]
        bars.append({"window_start": start, "window_end": start + a.window_ms, "ticker_symbol": symbol,
                     "sector": sectors[-1] if sectors else None,
                     "open": prices[0], "high": max(prices), "low": min(prices), "close": prices[-1],
                     "trade_count": len(prices), "avg_price": sum(prices) / len(prices)})
    json.dump({"trades": counts, "bars": bars, "control_messages": control, "no_ticker": no_ticker}, sys.stdout)


if __name__ == "__main__":
    main()
