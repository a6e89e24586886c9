#!/usr/bin/env bash
# Submits the Spark job to a running EMR cluster as a step (aws emr add-steps): spark-submit in YARN cluster mode
# with Microsoft.Spark's DotnetRunner, the Kinesis connector from the EMR image, the app archive and the settings.
#
# Usage: scripts/submit-emr.sh --cluster-id ID --artifacts s3://BUCKET/PREFIX --stream NAME --data s3://BUCKET/PREFIX
#                              [--region REGION] [--name NAME] [--iceberg] [--set path=value]... [--dry-run]
#   --artifacts URI   where scripts/package-emr.sh uploaded the job (sparketl-spark.zip and the microsoft-spark jar)
#   --stream NAME     the Kinesis stream (source=kinesis:NAME)
#   --data URI        the job's S3 prefix: tables in URI/warehouse, checkpoints in URI/checkpoint
#   --region REGION   the AWS region (aws.region, and the aws CLI's --region)
#   --iceberg         write Apache Iceberg tables (table.format=iceberg) through the Glue Data Catalog as Iceberg
#                     catalog glue_catalog: adds its Spark confs; the cluster needs the iceberg-defaults
#                     classification (create-emr-cluster.sh sets it). --set table.format=iceberg does the same.
#   --set path=value  any further setting, over conf/emr.json (e.g. --set trigger=interval:30s)
#   --dry-run         print the aws command (the step JSON is its --steps value) instead of running it
set -euo pipefail

# Microsoft.Spark 2.3.1 for Spark 3.5 / Scala 2.12; the worker folder bootstrap-emr-worker.sh installs.
jar=microsoft-spark-3-5_2.12-2.3.1.jar
worker_dir=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1
# The Kinesis connector as EMR 7.1+ ships it in the release image.
connector_jar=/usr/share/aws/kinesis/spark-sql-kinesis/lib/spark-streaming-sql-kinesis-connector.jar
# The Iceberg catalog the job writes table.format=iceberg tables through (SparkEtl.Spark.Plan.IcebergSparkCatalog);
# the job adds the confs it derives from other settings (s3.encryption, endpoints) and refuses ones that disagree.
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
json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

cluster_id="" artifacts="" stream="" data="" region="" name=sparketl dry_run=0 iceberg=0
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    --iceberg) iceberg=1 ;;
    --cluster-id) cluster_id=${2:?--cluster-id needs a value}; shift ;;
    --artifacts) artifacts=${2:?--artifacts needs s3://bucket/prefix}; shift ;;
    --stream) stream=${2:?--stream needs a name}; shift ;;
    --data) data=${2:?--data needs s3://bucket/prefix}; shift ;;
    --region) region=${2:?--region needs a value}; shift ;;
    --name) name=${2:?--name needs a value}; shift ;;
    --set) sets+=("${2:?--set needs path=value}"); shift ;;
    *) echo "submit-emr.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for required in cluster_id artifacts stream data; do
  if [ -z "${!required}" ]; then echo "submit-emr.sh: --${required//_/-} is required" >&2; usage >&2; exit 2; fi
done
for uri in "$artifacts" "$data"; do
  if [[ ! $uri =~ ^s3://[a-z0-9.-]+(/.*)?$ ]]; then echo "submit-emr.sh: expected s3://bucket[/prefix], got $uri" >&2; exit 2; fi
done
artifacts=${artifacts%/}
data=${data%/}

# The warehouse and region the job will have (a --set overrides what --data and --region give), for the catalog confs.
warehouse="$data/warehouse" catalog_region=$region format_set=""
for s in ${sets[@]+"${sets[@]}"}; do
  case "$s" in
    table.format=*) format_set=${s#table.format=} ;;
    warehouse=*) warehouse=${s#warehouse=} ;;
    aws.region=*) catalog_region=${s#aws.region=} ;;
  esac
done
if [ "$format_set" = iceberg ]; then iceberg=1; fi

# The step runs spark-submit through EMR's command-runner.jar (EMR 4.x and later).
args=(
  spark-submit
  --deploy-mode cluster
  --master yarn
  --class org.apache.spark.deploy.dotnet.DotnetRunner
  --jars "$connector_jar"
  --archives "$artifacts/sparketl-spark.zip#sparketl"
  --conf spark.dotnet.ignoreSparkPatchVersionCheck=true
  --conf spark.speculation=false
  --conf "spark.yarn.appMasterEnv.DOTNET_WORKER_DIR=$worker_dir"
  --conf "spark.executorEnv.DOTNET_WORKER_DIR=$worker_dir"
  --conf spark.yarn.appMasterEnv.DOTNET_ASSEMBLY_SEARCH_PATHS=./sparketl
  --conf spark.executorEnv.DOTNET_ASSEMBLY_SEARCH_PATHS=./sparketl
  --conf spark.executorEnv.DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
)
if [ "$iceberg" = 1 ]; then
  # Iceberg's Spark runtime comes with the cluster (EMR 7.7.0 bundles Iceberg 1.7.1, on Spark's classpath with the
  # iceberg-defaults classification); the catalog is Glue, its files go through S3FileIO.
  args+=(
    --conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
    --conf "$iceberg_catalog=org.apache.iceberg.spark.SparkCatalog"
    --conf "$iceberg_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog"
    --conf "$iceberg_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO"
    --conf "$iceberg_catalog.warehouse=${warehouse%/}"
    --conf "$iceberg_catalog.cache-enabled=false"
  )
  if [ -n "$catalog_region" ]; then args+=(--conf "$iceberg_catalog.client.region=$catalog_region"); fi
fi
args+=(
  "$artifacts/$jar"
  "$artifacts/sparketl-spark.zip" SparkEtl.Spark
  --conf conf/emr.json
  --set "source=kinesis:$stream"
  --set "warehouse=$data/warehouse"
  --set "checkpoint=$data/checkpoint"
)
if [ -n "$region" ]; then args+=(--set "aws.region=$region"); fi
if [ "$iceberg" = 1 ] && [ -z "$format_set" ]; then args+=(--set table.format=iceberg); fi
for s in ${sets[@]+"${sets[@]}"}; do args+=(--set "$s"); done

step_args=""
for a in "${args[@]}"; do step_args+="${step_args:+,}$(json_string "$a")"; done
steps="[{\"Type\":\"CUSTOM_JAR\",\"Name\":$(json_string "$name"),\"ActionOnFailure\":\"CONTINUE\",\"Jar\":\"command-runner.jar\",\"Args\":[$step_args]}]"

command=(aws emr add-steps --cluster-id "$cluster_id" --steps "$steps")
if [ -n "$region" ]; then command+=(--region "$region"); fi
if [ "$dry_run" = 1 ]; then print_cmd "${command[@]}"; else "${command[@]}"; fi
