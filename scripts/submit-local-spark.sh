#!/usr/bin/env bash
# Runs the Spark job on a local Spark (spark-submit --master local[*] from SPARK_HOME) with the same job and
# settings file as on EMR: publishes the job for this machine, then submits it with Microsoft.Spark's DotnetRunner.
#
# Usage: scripts/submit-local-spark.sh --stream NAME [--conf FILE] [--set path=value]... [--iceberg] [--no-build] [--dry-run]
#   --stream NAME       the Kinesis stream (source=kinesis:NAME); point aws.kinesisEndpoint at a stand-in to stay local
#   --conf FILE         settings file (default conf/emr.json); --set values override it
#   --iceberg           table.format=iceberg: Iceberg's Spark runtime and AWS bundle from Maven Central (--packages, the
#                       Iceberg EMR 7.7.0 bundles) and the Glue catalog's confs; needs Glue and an s3:// warehouse
#   --no-build          use the last publish in artifacts/spark-local
#   --dry-run           print the commands instead of running them
# Needs: SPARK_HOME (Spark 3.5.x), DOTNET_WORKER_DIR (an unpacked Microsoft.Spark.Worker 2.3.1), Java 17, and a
# package feed with Microsoft.Spark. The Kinesis connector jar comes from its public release location unless
# SPARKETL_KINESIS_CONNECTOR_JAR names another.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

jar=microsoft-spark-3-5_2.12-2.3.1.jar
connector_jar=${SPARKETL_KINESIS_CONNECTOR_JAR:-https://awslabs-code-us-east-1.s3.amazonaws.com/spark-sql-kinesis-connector/spark-streaming-sql-kinesis-connector_2.12-1.4.2.jar}
# Iceberg as EMR 7.7.0 ships it (1.7.1-amzn-0), from its upstream release: the Spark 3.5 / Scala 2.12 runtime, and the
# AWS SDK bundle that GlueCatalog and S3FileIO need.
iceberg_version=1.7.1
iceberg_packages="org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:$iceberg_version,org.apache.iceberg:iceberg-aws-bundle:$iceberg_version"
iceberg_catalog=spark.sql.catalog.glue_catalog

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

stream="" conf="$root/conf/emr.json" build=1 dry_run=0 iceberg=0
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    --iceberg) iceberg=1 ;;
    --no-build) build=0 ;;
    --stream) stream=${2:?--stream needs a name}; shift ;;
    --conf) conf=${2:?--conf needs a file}; shift ;;
    --set) sets+=("${2:?--set needs path=value}"); shift ;;
    *) echo "submit-local-spark.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$stream" ]; then echo "submit-local-spark.sh: --stream is required" >&2; usage >&2; exit 2; fi
if [ -z "${SPARK_HOME:-}" ]; then echo "submit-local-spark.sh: set SPARK_HOME to a Spark 3.5 installation" >&2; exit 2; fi
if [ -z "${DOTNET_WORKER_DIR:-}" ]; then echo "submit-local-spark.sh: set DOTNET_WORKER_DIR to an unpacked Microsoft.Spark.Worker 2.3.1" >&2; exit 2; fi

publish="$root/artifacts/spark-local"
if [ "$build" = 1 ]; then
  run dotnet publish "$root/jobs/SparkEtl.Spark/SparkEtl.Spark.csproj" -c Release --nologo -o "$publish"
fi

args=(--master 'local[*]'
  --class org.apache.spark.deploy.dotnet.DotnetRunner
  --jars "$connector_jar"
  --conf spark.dotnet.ignoreSparkPatchVersionCheck=true
  --conf spark.speculation=false)
if [ "$iceberg" = 1 ]; then
  # The catalog's confs that do not depend on the settings; the job adds the rest (warehouse, region, encryption).
  args+=(--packages "$iceberg_packages"
    --conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
    --conf "$iceberg_catalog=org.apache.iceberg.spark.SparkCatalog"
    --conf "$iceberg_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog"
    --conf "$iceberg_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO"
    --conf "$iceberg_catalog.cache-enabled=false")
fi
args+=("$publish/$jar"
  "$publish/SparkEtl.Spark"
  --conf "$conf"
  --set "source=kinesis:$stream")
if [ "$iceberg" = 1 ]; then args+=(--set table.format=iceberg); fi
for s in ${sets[@]+"${sets[@]}"}; do args+=(--set "$s"); done
# The driver passes its DOTNET_ASSEMBLY_SEARCH_PATHS to the worker, which loads the job's UDF from there.
run env "DOTNET_WORKER_DIR=$DOTNET_WORKER_DIR" "DOTNET_ASSEMBLY_SEARCH_PATHS=$publish" "$SPARK_HOME/bin/spark-submit" "${args[@]}"
