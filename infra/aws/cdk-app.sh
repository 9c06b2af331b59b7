#!/bin/sh
# The CDK app command (cdk.json): runs the compiled app with the classpath the Maven build wrote,
# so `npx cdk synth` needs neither Maven nor the network.
set -e
cd "$(dirname "$0")"
if [ ! -f target/classpath.txt ] || [ ! -d target/classes ]; then
  echo "infra/aws is not built: run ./mvnw -B -pl infra/aws -am package -DskipTests from the repository root" >&2
  exit 2
fi
exec java -cp "target/classes:$(cat target/classpath.txt)" dev.aisle.infra.AisleApp
