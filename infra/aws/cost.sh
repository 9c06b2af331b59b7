#!/bin/sh
# The cost model (docs/cost.md): the month's AWS cost of an Aisle deployment for a workload, per
# service, from the price table in src/main/resources/cost/ (region and date printed). Runs the
# compiled CLI with the classpath the Maven build wrote: no Maven, no network, no AWS account.
#   infra/aws/cost.sh --profile standard --events 50M --requests 20M --shoppers 1M --items 100k
#   infra/aws/cost.sh --examples --markdown
set -e
cd "$(dirname "$0")"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes ]; then
  echo "infra/aws is not built: run ./mvnw -B -pl infra/aws -am package -DskipTests from the repository root" >&2
  exit 2
fi
exec java -cp "target/classes:$(cat target/classpath.txt)" dev.aisle.infra.cost.CostCommand "$@"
