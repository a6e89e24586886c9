#!/usr/bin/env bash
# Builds the Spark job for EMR and stages what a cluster needs, optionally uploading it to S3:
#   sparketl-spark.zip                               the published job (linux-x64, self-contained) with conf/emr.json
#   microsoft-spark-3-5_2.12-2.3.1.jar               the Microsoft.Spark JVM side (DotnetRunner), from the NuGet package
#   Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz   the .NET worker, installed on every node at bootstrap
#   bootstrap-emr-worker.sh                          the bootstrap action that installs it
#
# Usage: scripts/package-emr.sh [--out DIR] [--s3-prefix s3://BUCKET/PREFIX] [--worker-tarball FILE] [--dry-run]
#   --out DIR             staging folder (default artifacts/emr)
#   --s3-prefix URI       upload the four files there (aws s3 cp)
#   --worker-tarball FILE use a downloaded worker tarball instead of fetching it from the dotnet/spark release
#   --dry-run             print the commands instead of running them
# Needs the .NET SDK and a package feed that has Microsoft.Spark 2.3.1; zip; curl (unless --worker-tarball); aws (with --s3-prefix).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

microsoft_spark_version=2.3.1
jar="microsoft-spark-3-5_2.12-${microsoft_spark_version}.jar"
worker_tarball="Microsoft.Spark.Worker.net8.0.linux-x64-${microsoft_spark_version}.tar.gz"
worker_url="https://github.com/dotnet/spark/releases/download/v${microsoft_spark_version}/${worker_tarball}"

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
# Runs a command in a folder (a subshell, so the caller's folder does not change).
run_in() {
  local dir=$1
  shift
  if [ "$dry_run" = 1 ]; then printf '(cd %s && %s)\n' "$(quote "$dir")" "$(print_cmd "$@")"; else (cd "$dir" && "$@"); fi
}

out="$root/artifacts/emr"
s3_prefix=""
local_worker=""
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    --out) out=${2:?--out needs a folder}; shift ;;
    --s3-prefix) s3_prefix=${2:?--s3-prefix needs s3://bucket/prefix}; shift ;;
    --worker-tarball) local_worker=${2:?--worker-tarball needs a file}; shift ;;
    *) echo "package-emr.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$s3_prefix" ] && [[ ! $s3_prefix =~ ^s3://[a-z0-9.-]+(/.*)?$ ]]; then
  echo "package-emr.sh: --s3-prefix must be s3://bucket[/prefix], got $s3_prefix" >&2
  exit 2
fi
s3_prefix=${s3_prefix%/}

publish="$out/publish"
run rm -rf "$publish"
run dotnet publish "$root/jobs/SparkEtl.Spark/SparkEtl.Spark.csproj" -c Release -r linux-x64 --self-contained true --nologo -o "$publish"
run mkdir -p "$publish/conf"
run cp "$root/conf/emr.json" "$publish/conf/emr.json"
run rm -f "$out/sparketl-spark.zip"
# The archive holds the publish folder's content at its root: Spark's DotnetRunner finds SparkEtl.Spark in it, and
# executors get it unpacked as ./sparketl (the DOTNET_ASSEMBLY_SEARCH_PATHS submit-emr.sh sets).
run_in "$publish" zip -qr "$out/sparketl-spark.zip" .
run cp "$publish/$jar" "$out/$jar"
if [ -n "$local_worker" ]; then
  run cp "$local_worker" "$out/$worker_tarball"
else
  run curl -fsSL -o "$out/$worker_tarball" "$worker_url"
fi
run cp "$root/scripts/bootstrap-emr-worker.sh" "$out/bootstrap-emr-worker.sh"

if [ -n "$s3_prefix" ]; then
  for file in sparketl-spark.zip "$jar" "$worker_tarball" bootstrap-emr-worker.sh; do
    run aws s3 cp --only-show-errors "$out/$file" "$s3_prefix/$file"
  done
fi
echo "package-emr.sh: staged in $out${s3_prefix:+ and $s3_prefix}" >&2
