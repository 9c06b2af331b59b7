#!/usr/bin/env bash
# All of Aisle's tests, on the local stack (started if it is not running):
#   1. the api's and the stream updater's local builds (the browser test and the main job run them),
#   2. ./mvnw -B verify: unit tests, integration tests against the local stack, the headless
#      Chromium test of the demo storefront, the CDK synthesis tests,
#   3. the api's refused-request table against its plain local HTTP server (-Dlocal),
#   4. the main job in a reduced size, checked section by section.
# Needs Java 17, Node 20 and Debian's chromium and chromium-driver (.ci/run installs them).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

started=$SECONDS
step() { printf '\n=== test: %s (%ss)\n' "$*" "$((SECONDS - started))"; }
die() { echo "test: $*" >&2; exit 1; }

command -v java >/dev/null || die "Java 17 is required; install openjdk-17-jdk"
command -v node >/dev/null || die "Node.js 20 is required; install nodejs"
command -v chromium >/dev/null && command -v chromedriver >/dev/null \
  || die "the storefront test needs Chromium: apt-get install chromium chromium-driver"

step "local builds of the api and the stream updater"
./mvnw -B -q -Dlocal -DskipTests -pl functions/api,functions/stream -am install

step "./mvnw -B verify"
./mvnw -B verify

step "the api's plain local HTTP server (-Dlocal): refused requests"
./mvnw -B -Dlocal -pl functions/api verify

step "the main job, reduced (infra/local/demo.sh --small)"
"$HERE/check-demo.sh" --small

step "all tests passed in $((SECONDS - started))s"
