#!/usr/bin/env bash
# Runs the whole SparkEtl test suite on a fresh machine: installs what the tests need
# (Debian packages, the npm readers and stand-ins in tests/interop, .NET packages), builds, tests,
# and ends with one line "tests: N passed, N failed".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Parquet]
set -euo pipefail
case "${1:-}" in -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Debian packages the tests use, installed only when missing.
missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v node >/dev/null || missing+=(nodejs npm)
command -v aws >/dev/null || missing+=(awscli)
python3 -c 'import botocore' 2>/dev/null || missing+=(python3-botocore)
command -v shellcheck >/dev/null || missing+=(shellcheck)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Native AOT compilation of the CLI (dotnet publish) links with clang against zlib.
command -v clang >/dev/null || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The independent Parquet readers (DuckDB, hyparquet) and the local AWS stand-ins, installed exactly as
# locked (npm ci) when node_modules is missing or older than the lockfile or package.json.
installed=tests/interop/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ tests/interop/package-lock.json -nt "$installed" ] || [ tests/interop/package.json -nt "$installed" ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test SparkEtl.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The whole suite (no arguments) runs the CLI tests a second time against sparketl as it ships: published for this
# machine as one natively compiled executable, which the tests start instead of the assembly (the crash tests, which
# run a probe-carrying host of their own either way, are left to the first pass).
if [ $# -eq 0 ] && [ "$status" -eq 0 ]; then
  case "$(uname -m)" in
    aarch64|arm64) rid=linux-arm64 ;;
    *) rid=linux-x64 ;;
  esac
  native=$root/artifacts/sparketl-native
  echo "test.sh: publishing sparketl natively ($rid) for the second pass of the CLI tests ..." >&2
  if dotnet publish jobs/SparkEtl.Cli/SparkEtl.Cli.csproj -c Release -r "$rid" -o "$native" --nologo -v quiet >"$log.publish" 2>&1; then
    SPARKETL_TEST_EXECUTABLE=$native/sparketl dotnet test tests/SparkEtl.Cli.Tests -c Release --no-build --nologo \
      --filter 'FullyQualifiedName!~CrashRecovery' 2>&1 | tee -a "$log"
    status=${PIPESTATUS[0]}
  else
    cat "$log.publish" >&2
    echo "test.sh: the native publish of sparketl failed" >&2
    status=1
  fi
  rm -f "$log.publish"
fi
set -e

# dotnet test prints one result line per test assembly; add them up into the closing line.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
