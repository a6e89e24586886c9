#!/usr/bin/env bash
# Local stand-ins for Kinesis (kinesalite) and S3 (s3rver), the npm packages in tests/interop, run in the
# background on free loopback ports, for trying sparketl, the aws CLI and the benchmark without an AWS account.
# Usage: scripts/local-aws.sh start [--bucket NAME]... | env | status | stop
#   start          start both (runs npm ci in tests/interop first if needed), create the buckets (default:
#                  one named sparketl) and print the variables to export; if they run already, just print them
#   env            print the variables again, for: eval "$(scripts/local-aws.sh env)"
#   status         say whether they run, and where
#   stop           stop both; s3rver's objects and the logs go with the state folder
# The variables: AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_S3 (read by sparketl, the AWS SDKs and the aws
# CLI), AWS_REGION and AWS_DEFAULT_REGION (the aws CLI v1 reads only the latter), and dummy credentials
# (AWS_ACCESS_KEY_ID=S3RVER: s3rver checks no signature but wants that key; kinesalite takes any).
# State (pids, ports, logs, stored objects): $SPARKETL_LOCAL_AWS_STATE, default .cache/local-aws in the checkout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${SPARKETL_LOCAL_AWS_STATE:-$root/.cache/local-aws}
region=us-east-1

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
fail() { echo "local-aws.sh: $*" >&2; exit 2; }

running() { # name -> true when its recorded pid is alive
  [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null
}

port_of() { # name -> the port its launcher printed as {"port":N}
  sed -n 's/^{"port":\([0-9][0-9]*\)}$/\1/p' "$state/$1.port" 2>/dev/null
}

print_env() {
  cat <<EOF
export AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:$(port_of kinesalite)
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$(port_of s3rver)
export AWS_REGION=$region
export AWS_DEFAULT_REGION=$region
export AWS_ACCESS_KEY_ID=S3RVER
export AWS_SECRET_ACCESS_KEY=S3RVER
EOF
}

launch() { # name, launcher script, arguments... -> started in the background, waits for its port
  local name=$1 script=$2
  shift 2
  # The launchers exit when standard input closes: give them a FIFO opened read-write, which never does.
  rm -f "$state/$name.stdin" "$state/$name.port"
  mkfifo "$state/$name.stdin"
  (cd "$root/tests/interop" && exec setsid node "$script" "$@" <>"$state/$name.stdin" >"$state/$name.port" 2>"$state/$name.log") &
  echo $! >"$state/$name.pid"
  local waited=0
  until [ -n "$(port_of "$name")" ]; do
    if ! running "$name"; then
      cat "$state/$name.log" >&2
      fail "$name exited before it listened (log above)"
    fi
    if [ "$waited" -ge 300 ]; then fail "$name did not listen within 30 s (log: $state/$name.log)"; fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_one() { # name -> stopped (TERM, then KILL after 10 s)
  local name=$1 pid waited=0
  [ -f "$state/$name.pid" ] || return 0
  pid=$(cat "$state/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$state/$name.pid"
}

command=${1:-}
[ $# -gt 0 ] && shift
if [ "$command" = -h ] || [ "$command" = --help ]; then usage; exit 0; fi
buckets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bucket) [ $# -ge 2 ] || fail "--bucket needs a name"; buckets+=("$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown argument \"$1\" (see --help)" ;;
  esac
done

case "$command" in
  start)
    if running kinesalite && running s3rver; then
      print_env
      exit 0
    fi
    command -v node >/dev/null || fail "node is not installed (Debian: apt-get install nodejs npm)"
    installed=$root/tests/interop/node_modules/.package-lock.json
    if [ ! -f "$installed" ] || [ "$root/tests/interop/package-lock.json" -nt "$installed" ]; then
      echo "local-aws.sh: installing tests/interop (npm ci)" >&2
      (cd "$root/tests/interop" && npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
    stop_one kinesalite
    stop_one s3rver
    rm -rf "$state"
    mkdir -p "$state/s3"
    [ ${#buckets[@]} -gt 0 ] || buckets=(sparketl)
    bucket_args=()
    for bucket in "${buckets[@]}"; do
      [[ "$bucket" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || fail "--bucket $bucket is not an S3 bucket name (3-63 of a-z, 0-9, '.', '-')"
      bucket_args+=(--bucket "$bucket")
    done
    launch kinesalite kinesalite-server.mjs --createStreamMs 50 --deleteStreamMs 50 --updateStreamMs 50 --shardLimit 100
    launch s3rver s3rver-server.mjs --directory "$state/s3" "${bucket_args[@]}"
    echo "local-aws.sh: kinesalite on port $(port_of kinesalite), s3rver on port $(port_of s3rver) with bucket(s) ${buckets[*]}; stop with: scripts/local-aws.sh stop" >&2
    print_env
    ;;
  env)
    if ! running kinesalite || ! running s3rver; then fail "not running; start them with: scripts/local-aws.sh start"; fi
    print_env
    ;;
  status)
    for name in kinesalite s3rver; do
      if running "$name"; then
        echo "$name: running, pid $(cat "$state/$name.pid"), http://127.0.0.1:$(port_of "$name")"
      else
        echo "$name: not running"
      fi
    done
    ;;
  stop)
    stop_one kinesalite
    stop_one s3rver
    rm -rf "$state"
    echo "local-aws.sh: stopped" >&2
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
