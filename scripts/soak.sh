#!/usr/bin/env bash
# Soak: a producer puts ticker records on Kinesis (kinesalite), 'sparketl run --trigger interval:1s' reads them into
# a warehouse and checkpoint on S3 (s3rver), with a fault proxy in front of each stand-in (HTTP 500 and 503, SlowDown,
# throughput, expired iterators, connection resets before and after the service did the work, answers cut short,
# latency; S3 conditional writes honoured) and the job killed with SIGKILL at random moments and restarted, several
# times a minute. When the producer stops, a sentinel on every shard closes the last windows, the job drains and gets
# SIGTERM. Then the warehouse is downloaded with the aws CLI and checked with DuckDB: every record produced is in
# trades once (each malformed one in errors once), no Kinesis record shows twice to a reader, and the bars equal a
# recomputation from trades. Prints a report; it goes to artifacts/soak/<time>-seed<N>/report.json with the
# producer's ledger, the stream listing, the job's log, the downloaded warehouse and the check's SQL.
# Usage: scripts/soak.sh MINUTES [--seed N] [--faults SPEC] [--rate N] [--shards N] [--out DIR] [--job DLL]
#   MINUTES        how long the producer puts records, e.g. 30 or 0.5; the drain and the check come on top
#   --seed N       seed of the records, the kills and the faults (default 1)
#   --faults SPEC  the proxies' faults in the fault proxy's syntax, or none (default: every kind at a modest rate)
#   --rate N       ticker records per second (default 200)
#   --shards N     shards of the stream (default 4)
#   --out DIR      where the files go (default artifacts/soak/<time>-seed<N>)
#   --job DLL      the sparketl.dll to soak (default: jobs/SparkEtl.Cli of this checkout, built with the soak)
# Exit codes: 0 passed (nothing lost, no duplicate, bars match, the job drained and exited 0 on SIGTERM), 1 failed,
# 2 bad arguments.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail() { echo "soak.sh: $*" >&2; exit 2; }
minutes=
passed=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    --seed|--faults|--rate|--shards|--out|--job)
      [ $# -ge 2 ] || fail "$1 needs a value (see --help)"
      passed+=("$1" "$2"); shift 2 ;;
    -*) fail "unknown argument \"$1\" (see --help)" ;;
    *)
      [ -z "$minutes" ] || fail "MINUTES given twice (\"$minutes\", \"$1\")"
      [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "MINUTES takes a number such as 30 or 0.5, got \"$1\""
      minutes=$1; shift ;;
  esac
done
[ -n "$minutes" ] || fail "MINUTES is required (see --help)"

missing=()
command -v node >/dev/null || missing+=(nodejs npm)
command -v aws >/dev/null || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  echo "soak.sh: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
installed=$root/tests/interop/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ "$root/tests/interop/package-lock.json" -nt "$installed" ]; then
  echo "soak.sh: installing tests/interop (npm ci)" >&2
  (cd "$root/tests/interop" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

echo "soak.sh: building the soak and the job" >&2
dotnet build "$root/tests/SparkEtl.Soak" -c Release --nologo -v quiet >&2
exec dotnet "$root/tests/SparkEtl.Soak/bin/Release/net10.0/SparkEtl.Soak.dll" "$minutes" ${passed[@]+"${passed[@]}"}
