#!/usr/bin/env bash
# All of Aisle's tests, on the local stack (started if it is not running):
#   1. ShellCheck over the project's scripts,
#   2. the api's and the stream updater's local builds (the browser test and the main job run them),
#   3. ./mvnw -B verify: unit tests, integration tests against the local stack, the headless
#      Chromium test of the demo storefront, the CDK synthesis tests,
#   4. the api's refused-request table against its plain local HTTP server (-Dlocal),
#   5. the main job in a reduced size, checked section by section.
# Needs Java 17 and Node 20; installs Debian's chromium, chromium-driver and shellcheck when missing
# (as root or with password-less sudo). A stack this script started is stopped at the end; a stack
# that was already running is left running.
set -euo pipefail
AISLE_SCRIPT="test"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$AISLE_ROOT"

started=$SECONDS
step() { printf '\n=== test: %s (%ss)\n' "$*" "$((SECONDS - started))"; }

require_java
require_node
# The storefront test drives Debian's Chromium, the script check is ShellCheck: installed here when
# missing and allowed (root, or sudo without a password), else a one-line instruction.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v shellcheck >/dev/null || missing+=(shellcheck)
if ((${#missing[@]})); then
  sudo=()
  ((EUID == 0)) || { sudo -n true 2>/dev/null && sudo=(sudo -n); } \
    || die "the tests need ${missing[*]}: sudo apt-get install ${missing[*]}"
  echo "test: installing ${missing[*]} (Debian packages)"
  if ! { "${sudo[@]}" apt-get update -qq \
      && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    die "could not install ${missing[*]} with apt-get"
  fi
fi

# Leave the stack as we found it: stop it at the end only if these tests started it.
pid_file=infra/local/.run/dynamodb.pid
if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "test: using the local stack that is already running"
else
  trap 'infra/local/stack.sh down >/dev/null 2>&1 || true' EXIT
fi

step "ShellCheck"
infra/local/check-scripts.sh

step "local builds of the api and the stream updater"
./mvnw -B -q -Dlocal -DskipTests -pl functions/api,functions/stream -am install

step "./mvnw -B verify"
./mvnw -B verify

step "the api's plain local HTTP server (-Dlocal): refused requests"
./mvnw -B -Dlocal -pl functions/api verify

step "the main job, reduced (infra/local/demo.sh --small)"
infra/local/check-demo.sh --small

step "all tests passed in $((SECONDS - started))s"
