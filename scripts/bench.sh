#!/usr/bin/env bash
# End-to-end benchmark of the embedded engine against the DuckDB peer, measured in the same run
# (../shared/bench): B1 = ticker NDJSON -> trades + ohlc_1m (the peer does the same work);
# B2 = the same tables from gzip CloudWatch Logs envelopes through the full decode path (no peer
# equivalent: compare with B1). Prints a table of seconds, records/s, peak memory and the ratio
# peer time / our time (above 1 means faster than DuckDB), and writes it to artifacts/bench/.
# Usage: scripts/bench.sh [--records N] [--threads N] [--micro]
#   --records N   records per workload (default 5000000)
#   --threads N   DuckDB threads (default 2, the machine's cores)
#   --micro       run the BenchmarkDotNet micro-benchmarks instead (tests/SparkEtl.Benchmarks)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=5000000
threads=2
micro=false
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --micro) micro=true; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
  esac
done
case "$records" in ''|*[!0-9]*) echo "bench.sh: --records takes a whole number, got \"$records\"" >&2; exit 2 ;; esac

if $micro; then
  exec dotnet run -c Release --project "$root/tests/SparkEtl.Benchmarks" -- --filter '*' --artifacts "$root/artifacts/bench/micro"
fi

bench="$root/../shared/bench"
data="${SPARKETL_BENCH_CACHE:-$HOME/.cache/sparketl-bench}/data"
out="$root/artifacts/bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$data" "$out"

input() { # format -> path, generated once per record count
  local path="$data/$1-$records.jsonl"
  if [ ! -f "$path" ]; then
    echo "bench: generating $records $1 records ..." >&2
    python3 "$bench/gen_tickers.py" --format "$1" --records "$records" --out "$path.tmp" && mv "$path.tmp" "$path"
  fi
  echo "$path"
}

echo "bench: building sparketl (Release) ..." >&2
dotnet build "$root/jobs/SparkEtl.Cli/SparkEtl.Cli.csproj" -c Release -o "$work/cli" --nologo -v quiet >/dev/null

measure() { # label, command... -> "seconds peak_kib"
  local log="$work/time.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" >"$work/stdout.log" 2>"$work/stderr.log" || { cat "$work/stderr.log" >&2; exit 1; }
  cat "$log"
}

ours() { # input -> measurement, with the default batch limits (what a user runs; memory stays bounded)
  measure dotnet "$work/cli/sparketl.dll" run --source "file:$1" --warehouse "$work/wh-$RANDOM" --progress none --set catalog.mode=none
}

b1=$(input ndjson)
b2=$(input kinesis-cwl)
echo "bench: B1 DuckDB peer ($threads threads) ..." >&2
read -r peer_s peer_kib < <(measure bash "$bench/peer-duckdb.sh" "$b1" "$work/peer" "$threads")
echo "bench: B1 sparketl ..." >&2
read -r b1_s b1_kib < <(ours "$b1")
echo "bench: B2 sparketl ..." >&2
read -r b2_s b2_kib < <(ours "$b2")

report="$out/results.md"
python3 - "$records" "$threads" "$peer_s" "$peer_kib" "$b1_s" "$b1_kib" "$b2_s" "$b2_kib" >"$report" <<'PY'
import sys
n, threads = int(sys.argv[1]), sys.argv[2]
peer_s, peer_kib, b1_s, b1_kib, b2_s, b2_kib = map(float, sys.argv[3:])
rows = [("B1 ndjson -> trades + ohlc_1m", "DuckDB peer", peer_s, peer_kib, "1.00"),
        ("B1 ndjson -> trades + ohlc_1m", "sparketl", b1_s, b1_kib, f"{peer_s / b1_s:.2f}"),
        ("B2 kinesis-cwl -> trades + ohlc_1m", "sparketl", b2_s, b2_kib, f"{peer_s / b2_s:.2f} (vs peer's B1)")]
print(f"{n:,} records per workload; DuckDB threads={threads}; wall time of the whole process, peak RSS.\n")
print("| workload | engine | seconds | records/s | peak MiB | speed vs peer |")
print("|---|---|---:|---:|---:|---:|")
for w, e, s, kib, r in rows:
    print(f"| {w} | {e} | {s:.2f} | {n / s:,.0f} | {kib / 1024:,.0f} | {r} |")
PY
cat "$report"
