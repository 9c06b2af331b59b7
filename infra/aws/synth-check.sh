#!/bin/sh
# Synthesizes the app as `cdk deploy` would (offline: no AWS account, no network) and lints the
# templates. Needs `./mvnw -B -pl infra/aws -am package -DskipTests`, the function zips and the
# trainer jar (or aisle:apiZip / aisle:streamZip / aisle:trainerDir pointing elsewhere), and
# `npm ci` in this folder. Extra arguments go to `cdk synth` (e.g. -c aisle:functionBuild=native).
set -e
cd "$(dirname "$0")"
rm -rf cdk.out
npx cdk synth --quiet "$@"
if command -v cfn-lint >/dev/null 2>&1; then
  # Errors fail; warnings (e.g. W3005 on CDK's own redundant DependsOn) are printed only.
  cfn-lint --non-zero-exit-code error cdk.out/*.template.json
  echo "cfn-lint: no errors in $(find cdk.out -maxdepth 1 -name '*.template.json' | wc -l) templates"
else
  echo "cfn-lint not installed (pip install cfn-lint): templates synthesized, not linted" >&2
fi
