#!/usr/bin/env bash
# A worked example: creates an EMR cluster for the Spark job (aws emr create-cluster) with the release this job
# targets, Spark, the bootstrap action that installs Microsoft.Spark.Worker on every node, SparkEtl's job role as
# the EC2 instance profile, the Glue Data Catalog as Spark's metastore, and Iceberg (the iceberg-defaults
# classification puts the release's Iceberg Spark runtime, 1.7.1 on emr-7.7.0, on Spark's classpath) for
# table.format=iceberg.
#
# Usage: scripts/create-emr-cluster.sh --artifacts s3://BUCKET/PREFIX --log-uri s3://BUCKET/PREFIX
#                                      [--name NAME] [--region REGION] [--subnet-id SUBNET] [--instance-type TYPE]
#                                      [--core-nodes N] [--instance-profile NAME] [--service-role NAME] [--dry-run]
#   --artifacts URI          where scripts/package-emr.sh uploaded the worker tarball and the bootstrap action
#   --log-uri URI            where EMR writes cluster and step logs
#   --instance-profile NAME  the EC2 instance profile holding the job role (default sparketl-emr-job, conf/iam/)
#   --service-role NAME      the EMR service role (default EMR_DefaultRole, from aws emr create-default-roles)
#   --dry-run                print the aws command instead of running it
set -euo pipefail

release=emr-7.7.0
worker_tarball=Microsoft.Spark.Worker.net8.0.linux-x64-2.3.1.tar.gz

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }

quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}
print_cmd() {
  local line="" arg
  for arg in "$@"; do line+="${line:+ }$(quote "$arg")"; done
  printf '%s\n' "$line"
}

artifacts="" log_uri="" name=sparketl region="" subnet="" instance_type=m6i.xlarge core_nodes=2
instance_profile=sparketl-emr-job service_role=EMR_DefaultRole dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dry-run) dry_run=1 ;;
    --artifacts) artifacts=${2:?--artifacts needs s3://bucket/prefix}; shift ;;
    --log-uri) log_uri=${2:?--log-uri needs s3://bucket/prefix}; shift ;;
    --name) name=${2:?--name needs a value}; shift ;;
    --region) region=${2:?--region needs a value}; shift ;;
    --subnet-id) subnet=${2:?--subnet-id needs a value}; shift ;;
    --instance-type) instance_type=${2:?--instance-type needs a value}; shift ;;
    --core-nodes) core_nodes=${2:?--core-nodes needs a number}; shift ;;
    --instance-profile) instance_profile=${2:?--instance-profile needs a value}; shift ;;
    --service-role) service_role=${2:?--service-role needs a value}; shift ;;
    *) echo "create-emr-cluster.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for required in artifacts log_uri; do
  if [ -z "${!required}" ]; then echo "create-emr-cluster.sh: --${required//_/-} is required" >&2; usage >&2; exit 2; fi
done
for uri in "$artifacts" "$log_uri"; do
  if [[ ! $uri =~ ^s3://[a-z0-9.-]+(/.*)?$ ]]; then echo "create-emr-cluster.sh: expected s3://bucket[/prefix], got $uri" >&2; exit 2; fi
done
if [[ ! $core_nodes =~ ^[0-9]+$ ]]; then echo "create-emr-cluster.sh: --core-nodes must be a whole number, got $core_nodes" >&2; exit 2; fi
artifacts=${artifacts%/}

ec2_attributes="InstanceProfile=$instance_profile${subnet:+,SubnetId=$subnet}"
instance_groups="[{\"InstanceGroupType\":\"MASTER\",\"InstanceCount\":1,\"InstanceType\":\"$instance_type\"},{\"InstanceGroupType\":\"CORE\",\"InstanceCount\":$core_nodes,\"InstanceType\":\"$instance_type\"}]"
bootstrap="[{\"Name\":\"Install Microsoft.Spark.Worker\",\"Path\":\"$artifacts/bootstrap-emr-worker.sh\",\"Args\":[\"$artifacts/$worker_tarball\"]}]"
# Spark SQL on the cluster sees the tables the job registers (EMR's Glue Data Catalog client for Spark), and Iceberg is
# installed for Spark (EMR, "Use an Iceberg cluster with Spark"); submit-emr.sh --iceberg configures its catalog.
configurations='[{"Classification":"spark-hive-site","Properties":{"hive.metastore.client.factory.class":"com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"}},{"Classification":"iceberg-defaults","Properties":{"iceberg.enabled":"true"}}]'

command=(aws emr create-cluster
  --name "$name"
  --release-label "$release"
  --applications Name=Spark
  --service-role "$service_role"
  --ec2-attributes "$ec2_attributes"
  --instance-groups "$instance_groups"
  --bootstrap-actions "$bootstrap"
  --configurations "$configurations"
  --log-uri "$log_uri")
if [ -n "$region" ]; then command+=(--region "$region"); fi
if [ "$dry_run" = 1 ]; then print_cmd "${command[@]}"; else "${command[@]}"; fi
