#!/usr/bin/env bash
# All of Aisle's tests, on the local stack (started if it is not running):
#   1. the api's and the stream updater's local builds (the browser test and the main job run them),
#   2. ./mvnw -B verify: unit tests, integration tests against the local stack, the headless
#      Chromium test of the demo storefront, the CDK synthesis tests,
#   3. the api's refused-request table against its plain local HTTP server (-Dlocal),
#   4. the main job in a reduced size, checked section by section.
# Needs Java 17 and Node 20; installs Debian's chromium and chromium-driver when missing (as root
# or with password-less sudo).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

started=$SECONDS
step() { printf '\n=== test: %s (%ss)\n' "$*" "$((SECONDS - started))"; }
die() { echo "test: $*" >&2; exit 1; }

command -v java >/dev/null || die "Java 17 is required; install openjdk-17-jdk"
command -v node >/dev/null || die "Node.js 20 is required; install nodejs"
# The storefront test drives Debian's Chromium: installed here when missing and allowed (root, or
# sudo without a password), else a one-line instruction.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  sudo=()
  ((EUID == 0)) || { sudo -n true 2>/dev/null && sudo=(sudo -n); } \
    || die "the storefront test needs Chromium: sudo apt-get install chromium chromium-driver"
  echo "test: installing chromium and chromium-driver (Debian packages)"
  "${sudo[@]}" apt-get update -qq \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || die "could not install chromium and chromium-driver with apt-get"
fi

step "local builds of the api and the stream updater"
./mvnw -B -q -Dlocal -DskipTests -pl functions/api,functions/stream -am install

step "./mvnw -B verify"
./mvnw -B verify

step "the api's plain local HTTP server (-Dlocal): refused requests"
./mvnw -B -Dlocal -pl functions/api verify

step "the main job, reduced (infra/local/demo.sh --small)"
"$HERE/check-demo.sh" --small

step "all tests passed in $((SECONDS - started))s"
