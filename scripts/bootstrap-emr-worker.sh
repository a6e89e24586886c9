#!/usr/bin/env bash
# EMR bootstrap action: installs Microsoft.Spark.Worker (the .NET side of Spark UDFs) on every node and exports
# DOTNET_WORKER_DIR for login shells. scripts/submit-emr.sh passes the same folder to the driver and executors.
#
# Usage: bootstrap-emr-worker.sh [--dry-run] WORKER_TARBALL_S3_URI [INSTALL_ROOT]
#   WORKER_TARBALL_S3_URI  s3://.../Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz (staged by package-emr.sh)
#   INSTALL_ROOT           where the worker folder goes (default /usr/local/lib/sparketl); the worker ends up in
#                          INSTALL_ROOT/Microsoft.Spark.Worker-<version>
#   --dry-run              print the commands instead of running them
set -euo pipefail

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }

quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}
print_cmd() {
  local line="" arg
  for arg in "$@"; do line+="${line:+ }$(quote "$arg")"; done
  printf '%s\n' "$line"
}
run() { if [ "$dry_run" = 1 ]; then print_cmd "$@"; else "$@"; fi; }

dry_run=0
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    -*) echo "bootstrap-emr-worker.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
if [ ${#positional[@]} -lt 1 ] || [ ${#positional[@]} -gt 2 ]; then usage >&2; exit 2; fi

tarball_uri=${positional[0]}
install_root=${positional[1]:-/usr/local/lib/sparketl}
tarball=$(basename "$tarball_uri")
# Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz unpacks to Microsoft.Spark.Worker-2.3.1/
if [[ ! $tarball =~ ^Microsoft\.Spark\.Worker\..+-([0-9]+\.[0-9]+\.[0-9]+)\.tar\.gz$ ]]; then
  echo "bootstrap-emr-worker.sh: expected a Microsoft.Spark.Worker.<framework>.<rid>-<version>.tar.gz, got $tarball" >&2
  exit 2
fi
worker_dir="$install_root/Microsoft.Spark.Worker-${BASH_REMATCH[1]}"

run aws s3 cp --only-show-errors "$tarball_uri" "/tmp/$tarball"
run sudo mkdir -p "$install_root"
run sudo tar -xzf "/tmp/$tarball" -C "$install_root"
run sudo chmod 755 "$worker_dir/Microsoft.Spark.Worker"
run sudo sh -c "echo 'export DOTNET_WORKER_DIR=$worker_dir' > /etc/profile.d/sparketl-dotnet-worker.sh"
run rm -f "/tmp/$tarball"
echo "DOTNET_WORKER_DIR=$worker_dir"
