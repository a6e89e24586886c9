#!/usr/bin/env bash
# Kills sparketl with SIGKILL N times at points across its batches (after the offsets write, while
# intents, data files, commits and offsets are being written, after the files, the reconcile, the
# catalog and the commit, and at random moments), restarting it after each kill, then checks that the
# warehouse holds exactly the files of an uninterrupted run, byte for byte. A second case touches the
# input between attempts and checks every line is in trades once. The suite runs a short version (20 kills).
# Usage: scripts/crash-test.sh [N]     (default 200)
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
  exit 0
fi
kills=${1:-200}
case "$kills" in ''|*[!0-9]*) echo "crash-test.sh: N must be a whole number, got \"$kills\"" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [ ! -d tests/interop/node_modules ]; then (cd tests/interop && npm install --no-audit --no-fund --loglevel=error); fi
SPARKETL_CRASH_KILLS=$kills dotnet test tests/SparkEtl.Cli.Tests -c Release --nologo \
  --filter "FullyQualifiedName~CrashRecoveryTests" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "kills in|Passed|Failed|Error Message|Assert|exited" 
