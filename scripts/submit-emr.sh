#!/usr/bin/env bash
# Submits the Spark job to a running EMR cluster as a step (aws emr add-steps): spark-submit in YARN cluster mode
# with Microsoft.Spark's DotnetRunner, the Kinesis connector from the EMR image, the app archive and the settings.
#
# Usage: scripts/submit-emr.sh --cluster-id ID --artifacts s3://BUCKET/PREFIX --stream NAME --data s3://BUCKET/PREFIX
#                              [--region REGION] [--name NAME] [--set path=value]... [--dry-run]
#   --artifacts URI   where scripts/package-emr.sh uploaded the job (sparketl-spark.zip and the microsoft-spark jar)
#   --stream NAME     the Kinesis stream (source=kinesis:NAME)
#   --data URI        the job's S3 prefix: tables in URI/warehouse, checkpoints in URI/checkpoint
#   --region REGION   the AWS region (aws.region, and the aws CLI's --region)
#   --set path=value  any further setting, over conf/emr.json (e.g. --set trigger=interval:30s)
#   --dry-run         print the aws command (the step JSON is its --steps value) instead of running it
set -euo pipefail

# Microsoft.Spark 2.3.1 for Spark 3.5 / Scala 2.12; the worker folder bootstrap-emr-worker.sh installs.
jar=microsoft-spark-3-5_2.12-2.3.1.jar
worker_dir=/usr/local/lib/sparketl/Microsoft.Spark.Worker-2.3.1
# The Kinesis connector as EMR 7.1+ ships it in the release image.
connector_jar=/usr/share/aws/kinesis/spark-sql-kinesis/lib/spark-streaming-sql-kinesis-connector.jar

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

cluster_id="" artifacts="" stream="" data="" region="" name=sparketl dry_run=0
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
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
  "$artifacts/$jar"
  "$artifacts/sparketl-spark.zip" SparkEtl.Spark
  --conf conf/emr.json
  --set "source=kinesis:$stream"
  --set "warehouse=$data/warehouse"
  --set "checkpoint=$data/checkpoint"
)
if [ -n "$region" ]; then args+=(--set "aws.region=$region"); fi
for s in ${sets[@]+"${sets[@]}"}; do args+=(--set "$s"); done

step_args=""
for a in "${args[@]}"; do step_args+="${step_args:+,}$(json_string "$a")"; done
steps="[{\"Type\":\"CUSTOM_JAR\",\"Name\":$(json_string "$name"),\"ActionOnFailure\":\"CONTINUE\",\"Jar\":\"command-runner.jar\",\"Args\":[$step_args]}]"

command=(aws emr add-steps --cluster-id "$cluster_id" --steps "$steps")
if [ -n "$region" ]; then command+=(--region "$region"); fi
if [ "$dry_run" = 1 ]; then print_cmd "${command[@]}"; else "${command[@]}"; fi
