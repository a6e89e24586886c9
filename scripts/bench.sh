#!/usr/bin/env bash
# End-to-end benchmark of the embedded engine against a DuckDB peer doing the same work in the same run, on the
# project's own generator (tests/tools/gen_tickers.py) and peer (tests/tools/duckdb-peer.mjs, DuckDB from tests/interop):
#   B1  ticker NDJSON -> trades (by dt) + ohlc_1m, Snappy Parquet; each round runs the peer, then sparketl
#   B2  the same tickers as a gzip CloudWatch Logs capture -> the same tables through the full decode path
#       (no peer: reported as a share of our own B1 records/s in the same round)
#   B3  Kinesis on kinesalite + s3rver (scripts/local-aws.sh): 4 shards x 1,000 records/s for --b3-seconds, read
#       by 'sparketl run --trigger interval:...' into an S3 warehouse; p50/p99 latency from put to visible Parquet
#       object, and whether the job keeps up (latency stays bounded and it drains when the puts stop)
# Prints per workload seconds, CPU seconds, records/s, MB/s of decompressed JSON and peak RSS (GNU time), each as
# median (min-max) over the rounds, and the B1 ratio DuckDB seconds / sparketl seconds: above 1 means sparketl is
# faster (and the same ratio of CPU seconds, which holds up better on a machine others are using).
# Writes artifacts/bench/results.json, results.md and chart.svg. Input is generated once per record count and
# seed into ${SPARKETL_BENCH_CACHE:-~/.cache/sparketl-bench}.
# Usage: scripts/bench.sh [--records N] [--rounds K] [--only B1,B2,B3] [options]
#   --records N       ticker records per workload, B1 and B2 (default 2000000)
#   --rounds K        rounds, at least 3 (default 3)
#   --only LIST       the workloads to run (default B1,B2,B3)
#   --seed S          generator seed (default 7)
#   --threads N       DuckDB threads (default: the machine's cores)
#   --b3-seconds S    how long B3 puts records (default 60)
#   --b3-trigger D    B3's trigger interval (default 1s)
#   --out DIR         where the results go (default artifacts/bench)
#   --micro           run the BenchmarkDotNet micro-benchmarks instead (tests/SparkEtl.Benchmarks)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=2000000
rounds=3
only=B1,B2,B3
seed=7
threads=$(nproc)
b3_seconds=60
b3_trigger=1s
out=$root/artifacts/bench
micro=false
fail() { echo "bench.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --records|--rounds|--only|--seed|--threads|--b3-seconds|--b3-trigger|--out) [ $# -ge 2 ] || fail "$1 needs a value" ;;&
    --records) records=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --b3-seconds) b3_seconds=$2; shift 2 ;;
    --b3-trigger) b3_trigger=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --micro) micro=true; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) fail "unknown argument \"$1\" (see --help)" ;;
  esac
done
whole() { case "$2" in ''|*[!0-9]*) fail "$1 takes a whole number, got \"$2\"" ;; esac; }
whole --records "$records"; whole --rounds "$rounds"; whole --seed "$seed"; whole --threads "$threads"; whole --b3-seconds "$b3_seconds"
[ "$records" -ge 1 ] || fail "--records must be at least 1"
[ "$rounds" -ge 3 ] || fail "--rounds must be at least 3, got $rounds"
[[ "$b3_trigger" =~ ^[0-9]+(ms|s|m)$ ]] || fail "--b3-trigger takes a duration such as 500ms, 1s or 1m, got \"$b3_trigger\""
run_b1=false; run_b2=false; run_b3=false
IFS=, read -r -a workloads <<<"$only"
for w in "${workloads[@]}"; do
  case "$w" in
    B1) run_b1=true ;;
    B2) run_b2=true ;;
    B3) run_b3=true ;;
    *) fail "--only takes B1, B2 and B3 separated by commas, got \"$only\"" ;;
  esac
done

if $micro; then
  exec dotnet run -c Release --project "$root/tests/SparkEtl.Benchmarks" -- --filter '*' --artifacts "$root/artifacts/bench/micro"
fi

# What the benchmark needs: Python for the generator, node for the peer and the stand-ins, GNU time for peak RSS, and
# clang with zlib's headers to compile sparketl natively.
missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v node >/dev/null || missing+=(nodejs npm)
[ -x /usr/bin/time ] || missing+=(time)
command -v clang >/dev/null || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
installed=$root/tests/interop/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ "$root/tests/interop/package-lock.json" -nt "$installed" ]; then
  (cd "$root/tests/interop" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

cache=${SPARKETL_BENCH_CACHE:-$HOME/.cache/sparketl-bench}/data
work=$(mktemp -d)
local_aws_state=$work/local-aws
cleanup() {
  if [ -d "$local_aws_state" ]; then SPARKETL_LOCAL_AWS_STATE=$local_aws_state bash "$root/scripts/local-aws.sh" stop 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$cache" "$out"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# The generator's own digest is part of the cache key, so a changed generator never reuses old data.
generator=$root/tests/tools/gen_tickers.py
generator_digest=$(md5sum "$generator" | cut -c1-8)
input() { # format -> path of the cached input (and its .stats.json beside it)
  local path="$cache/$1-$records-seed$seed-$generator_digest.jsonl"
  if [ ! -f "$path" ] || [ ! -f "$path.stats.json" ]; then
    echo "bench: generating $records $1 records (seed $seed) ..." >&2
    python3 "$generator" --format "$1" --records "$records" --seed "$seed" --out "$path.tmp" --stats "$path.stats.json"
    mv "$path.tmp" "$path"
  fi
  echo "$path"
}
json_bytes() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["json_bytes"])' "$1.stats.json"; }

# Published as it would be shipped to a host: for this machine's runtime, one natively compiled executable (Native AOT).
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) fail "no .NET runtime identifier known for machine type $(uname -m)" ;;
esac
echo "bench: publishing sparketl (Release, $rid, Native AOT) ..." >&2
dotnet publish "$root/jobs/SparkEtl.Cli/SparkEtl.Cli.csproj" -c Release -r "$rid" -o "$work/cli" --nologo -v quiet >/dev/null

runs=$work/runs.jsonl
: >"$runs"
measure() { # workload engine round records json_bytes command... -> one line in runs.jsonl
  local workload=$1 engine=$2 round=$3 n=$4 bytes=$5
  shift 5
  if ! /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" >"$work/stdout.log" 2>"$work/stderr.log"; then
    tail -n 20 "$work/stderr.log" >&2
    fail "$workload $engine failed (round $round): $*"
  fi
  local seconds kib user system
  read -r seconds kib user system <"$work/time.txt"
  echo "bench: round $round $workload $engine: ${seconds} s, CPU ${user} s user + ${system} s system, peak RSS $((kib / 1024)) MiB" >&2
  printf '{"workload":"%s","engine":"%s","round":%d,"seconds":%s,"cpu_seconds":%s,"max_rss_kib":%d,"records":%d,"json_bytes":%d}\n' \
    "$workload" "$engine" "$round" "$seconds" "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" "$kib" "$n" "$bytes" >>"$runs"
}
ours() { # workload round input json_bytes -> sparketl run with the default batch limits (what a user runs), no catalog
  rm -rf "$work/warehouse"
  measure "$1" sparketl "$2" "$records" "$4" \
    "$work/cli/sparketl" run --source "file:$3" --warehouse "$work/warehouse" --progress none --set catalog.mode=none
}
peer() { # round input json_bytes -> the DuckDB peer on B1
  measure B1 duckdb "$1" "$records" "$3" node "$root/tests/tools/duckdb-peer.mjs" "$2" "$work/peer" "$threads"
}

if $run_b1; then
  b1=$(input ndjson)
  b1_bytes=$(json_bytes "$b1")
fi
if $run_b2; then
  b2=$(input kinesis-cwl)
  b2_bytes=$(json_bytes "$b2")
fi
if $run_b1 || $run_b2; then
  for round in $(seq 1 "$rounds"); do
    if $run_b1; then
      peer "$round" "$b1" "$b1_bytes"
      ours B1 "$round" "$b1" "$b1_bytes"
    fi
    if $run_b2; then
      ours B2 "$round" "$b2" "$b2_bytes"
    fi
  done
fi

b3_args=()
if $run_b3; then
  echo "bench: B3 starting kinesalite and s3rver ..." >&2
  eval "$(SPARKETL_LOCAL_AWS_STATE=$local_aws_state bash "$root/scripts/local-aws.sh" start --bucket sparketl-bench)"
  echo "bench: B3 building the latency benchmark ..." >&2
  dotnet build "$root/tests/SparkEtl.Benchmarks/SparkEtl.Benchmarks.csproj" -c Release -o "$work/benchmarks" --nologo -v quiet >/dev/null
  echo "bench: B3 4 shards x 1,000 records/s for $b3_seconds s, trigger interval:$b3_trigger ..." >&2
  dotnet "$work/benchmarks/SparkEtl.Benchmarks.dll" latency --sparketl "$work/cli/sparketl" --interop "$root/tests/interop" --bucket sparketl-bench \
    --shards 4 --rate 1000 --seconds "$b3_seconds" --trigger "$b3_trigger" --work "$work/b3" --out "$work/b3.json" >&2
  b3_args=(--b3 "$work/b3.json")
fi

python3 "$root/tests/tools/bench_report.py" "$runs" "$out" --records "$records" --rounds "$rounds" --threads "$threads" \
  --seed "$seed" --load "$load_at_start (1/5/15 min); at end $(cut -d' ' -f1-3 /proc/loadavg)" "${b3_args[@]}"
echo "bench: wrote $out/results.json, results.md and chart.svg" >&2
