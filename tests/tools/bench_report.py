#!/usr/bin/env python3
"""Summarises the runs scripts/bench.sh measured: prints a table and writes results.json, results.md and chart.svg.

Input: a JSON-lines file, one line per process run:
  {"workload": "B1"|"B2", "engine": "duckdb"|"sparketl", "round": K, "seconds": S, "cpu_seconds": S, "max_rss_kib": N,
   "records": N, "json_bytes": N}
and optionally the B3 result file the latency benchmark wrote (tests/SparkEtl.Benchmarks, "latency").
Per workload and engine it reports seconds, records/s, MB/s of decompressed JSON (10^6 bytes) and peak RSS,
each as min, median and max over the rounds, and the ratio peer seconds / our seconds of each round
(above 1: faster than DuckDB). B2 has no peer; its ratio is its records/s over our B1 records/s in the same round.
Usage: bench_report.py RUNS.jsonl OUT_DIR --records N --rounds K --threads N --seed S [--b3 B3.json] [--load TEXT]
"""
import argparse
import json
import os
import platform
import statistics
from datetime import datetime, timezone
from xml.sax.saxutils import escape

LABELS = {"B1": "B1 ticker NDJSON -> trades + ohlc_1m", "B2": "B2 gzip CloudWatch capture -> trades + ohlc_1m"}


def spread(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)} if values else None


def summarise(runs):
    rows = []
    for workload in ("B1", "B2"):
        for engine in ("duckdb", "sparketl"):
            mine = [r for r in runs if r["workload"] == workload and r["engine"] == engine]
            if not mine:
                continue
            rows.append({
                "workload": workload, "engine": engine, "rounds": len(mine), "records": mine[0]["records"],
                "json_bytes": mine[0]["json_bytes"],
                "seconds": spread([r["seconds"] for r in mine]),
                "cpu_seconds": spread([r["cpu_seconds"] for r in mine]),
                "records_per_second": spread([r["records"] / r["seconds"] for r in mine]),
                "json_mb_per_second": spread([r["json_bytes"] / 1e6 / r["seconds"] for r in mine]),
                "peak_rss_mib": spread([r["max_rss_kib"] / 1024 for r in mine]),
            })
    ratios = {}
    by_round = {}
    for r in runs:
        by_round.setdefault(r["round"], {})[(r["workload"], r["engine"])] = r
    b1 = [rr[("B1", "duckdb")]["seconds"] / rr[("B1", "sparketl")]["seconds"]
          for rr in by_round.values() if ("B1", "duckdb") in rr and ("B1", "sparketl") in rr]
    if b1:
        ratios["B1_peer_seconds_over_ours"] = spread(b1)
        ratios["B1_peer_cpu_seconds_over_ours"] = spread(
            [rr[("B1", "duckdb")]["cpu_seconds"] / rr[("B1", "sparketl")]["cpu_seconds"]
             for rr in by_round.values() if ("B1", "duckdb") in rr and ("B1", "sparketl") in rr])
    b2 = [(rr[("B2", "sparketl")]["records"] / rr[("B2", "sparketl")]["seconds"])
          / (rr[("B1", "sparketl")]["records"] / rr[("B1", "sparketl")]["seconds"])
          for rr in by_round.values() if ("B2", "sparketl") in rr and ("B1", "sparketl") in rr]
    if b2:
        ratios["B2_records_per_second_over_our_B1"] = spread(b2)
    return rows, ratios


def fmt(s, digits=2, scale=1.0):
    return f"{s['median'] * scale:,.{digits}f} ({s['min'] * scale:,.{digits}f}-{s['max'] * scale:,.{digits}f})"


def table(result):
    lines = [f"{result['records']:,} records per workload, {result['rounds']} rounds alternating engines "
             f"(peer, ours, ...), DuckDB threads={result['threads']}, seed {result['seed']}. "
             "Each cell: median (min-max) over the rounds; seconds are the whole process, start-up included.",
             f"Machine: {result['machine']['cores']} cores; load average at start {result['machine']['load_at_start']}.", "",
             "| workload | engine | seconds | CPU seconds | records/s | JSON MB/s | peak RSS MiB | ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    ratios = result["ratios"]
    for row in result["rows"]:
        ratio = ""
        if row["workload"] == "B1" and row["engine"] == "sparketl" and "B1_peer_seconds_over_ours" in ratios:
            ratio = (fmt(ratios["B1_peer_seconds_over_ours"]) + " peer s / our s; CPU "
                     + fmt(ratios["B1_peer_cpu_seconds_over_ours"]))
        elif row["workload"] == "B2" and "B2_records_per_second_over_our_B1" in ratios:
            ratio = fmt(ratios["B2_records_per_second_over_our_B1"]) + " of our B1 records/s"
        lines.append(f"| {LABELS[row['workload']]} | {row['engine']} | {fmt(row['seconds'])} | {fmt(row['cpu_seconds'])} | "
                     f"{fmt(row['records_per_second'], 0)} | {fmt(row['json_mb_per_second'], 1)} | "
                     f"{fmt(row['peak_rss_mib'], 0)} | {ratio} |")
    lines.append("")
    lines.append("B1 ratio = DuckDB seconds / sparketl seconds in the same round: above 1.0 means sparketl was faster. "
                 "CPU = the same ratio of CPU seconds (user + system), less sensitive to other work on the machine.")
    b3 = result.get("b3")
    if b3 and not b3.get("latency_ms"):
        lines.append("")
        lines.append(f"B3 Kinesis: no record became visible; keeps up: no ({b3['keeps_up_reason']}).")
    elif b3:
        lines.append("")
        lines.append(f"B3 Kinesis (kinesalite + s3rver): {b3['shards']} shards x {b3['records_per_second_per_shard']:,} records/s "
                     f"for {b3['duration_seconds']} s, trigger {b3['trigger']}: {b3['records_put']:,} put, "
                     f"{b3['records_seen']:,} seen in trades; put -> visible Parquet object p50 {b3['latency_ms']['p50'] / 1000:.2f} s, "
                     f"p99 {b3['latency_ms']['p99'] / 1000:.2f} s, max {b3['latency_ms']['max'] / 1000:.2f} s; "
                     f"keeps up: {'yes' if b3['keeps_up'] else 'no'} ({b3['keeps_up_reason']}); "
                     f"{b3['batches']} batches, the longest {b3.get('longest_batch_ms', 0) / 1000:.1f} s.")
    return "\n".join(lines) + "\n"


def bar_panel(out, x0, y0, width, title, items, unit, digits):
    """Horizontal bars (median) with min-max whiskers; items: (label, spread, colour)."""
    top = max(s["max"] for _, s, _ in items) or 1
    out.append(f'<text x="{x0}" y="{y0}" font-size="14" font-weight="bold">{escape(title)}</text>')
    label_w, bar_h, gap = 250, 22, 10
    scale = (width - label_w - 160) / top
    y = y0 + 14
    for label, s, colour in items:
        out.append(f'<text x="{x0}" y="{y + 15}" font-size="12">{escape(label)}</text>')
        bx = x0 + label_w
        out.append(f'<rect x="{bx}" y="{y}" width="{s["median"] * scale:.1f}" height="{bar_h}" fill="{colour}"/>')
        cy = y + bar_h / 2
        out.append(f'<line x1="{bx + s["min"] * scale:.1f}" y1="{cy}" x2="{bx + s["max"] * scale:.1f}" y2="{cy}" stroke="#222" stroke-width="1.5"/>')
        for v in (s["min"], s["max"]):
            out.append(f'<line x1="{bx + v * scale:.1f}" y1="{y + 5}" x2="{bx + v * scale:.1f}" y2="{y + bar_h - 5}" stroke="#222" stroke-width="1.5"/>')
        out.append(f'<text x="{bx + s["max"] * scale + 6:.1f}" y="{y + 15}" font-size="12">{s["median"]:,.{digits}f} {unit}</text>')
        y += bar_h + gap
    return y + 16


def chart(result):
    colours = {"duckdb": "#e3a21a", "sparketl": "#2b6cb0"}
    width = 900
    out = []
    y = 30
    throughput = [(f"{row['workload']} {row['engine']}", row["records_per_second"], colours[row["engine"]]) for row in result["rows"]]
    memory = [(f"{row['workload']} {row['engine']}", row["peak_rss_mib"], colours[row["engine"]]) for row in result["rows"]]
    if throughput:
        y = bar_panel(out, 20, y, width, "Records per second (median, whiskers min-max)", throughput, "rec/s", 0)
        y = bar_panel(out, 20, y, width, "Peak RSS (MiB)", memory, "MiB", 0)
    b3 = result.get("b3")
    if b3 and b3.get("latency_ms"):
        lat = b3["latency_ms"]
        items = [(name, {"min": lat[key] / 1000, "median": lat[key] / 1000, "max": lat[key] / 1000}, "#38a169")
                 for name, key in (("B3 p50 put -> visible", "p50"), ("B3 p99 put -> visible", "p99"))]
        y = bar_panel(out, 20, y, width, f"B3 latency (s), trigger {b3['trigger']}", items, "s", 2)
    ratio = result["ratios"].get("B1_peer_seconds_over_ours")
    caption = (f"{result['records']:,} records, {result['rounds']} rounds; B1 ratio DuckDB s / sparketl s = "
               f"{ratio['median']:.2f} (above 1: sparketl faster)") if ratio else f"{result['records']:,} records, {result['rounds']} rounds"
    out.append(f'<text x="20" y="{y}" font-size="12" fill="#444">{escape(caption)}</text>')
    height = y + 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(out) + "\n</svg>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs")
    ap.add_argument("out_dir")
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--b3")
    ap.add_argument("--load", default="")
    a = ap.parse_args()
    with open(a.runs) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    rows, ratios = summarise(runs)
    result = {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "records": a.records, "rounds": a.rounds, "threads": a.threads, "seed": a.seed,
        "machine": {"cores": os.cpu_count(), "load_at_start": a.load, "system": platform.platform()},
        "rows": rows, "ratios": ratios, "runs": runs,
    }
    if a.b3:
        with open(a.b3) as f:
            result["b3"] = json.load(f)
    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "results.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    text = table(result)
    with open(os.path.join(a.out_dir, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out_dir, "chart.svg"), "w") as f:
        f.write(chart(result))
    print(text, end="")


if __name__ == "__main__":
    main()
