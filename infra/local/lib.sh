# shellcheck shell=bash
# Shared by Aisle's scripts (stack, main job, tests, CLI launchers): source it, do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"     (path relative to the sourcing script)
#
# Sets AISLE_ROOT (the checkout) and AISLE_JAVA, and defines die, require_java, require_node,
# require_command, stale and ensure_built. Scripts name themselves with AISLE_SCRIPT for messages.

AISLE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AISLE_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() {
  printf '%s: %s\n' "${AISLE_SCRIPT:-aisle}" "$*" >&2
  exit 1
}

# Java 17 or newer, with a one-line instruction when it is missing.
require_java() {
  local major
  major=$({ "$AISLE_JAVA" -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [[ -n "$major" ]] || die "Java 17 or newer is required (no 'java' on PATH); install openjdk-17-jdk"
  ((major >= 17)) || die "Java 17 or newer is required (found Java $major)"
}

# Node.js 20 or newer (the local DynamoDB-compatible server and the demo storefront run on it).
require_node() {
  local major
  major=$({ node --version 2>/dev/null || true; } | sed -n 's/^v\([0-9]*\).*/\1/p')
  [[ -n "$major" ]] || die "Node.js 20 or newer is required (no 'node' on PATH); install nodejs"
  ((major >= 20)) || die "Node.js 20 or newer is required (found Node $major)"
}

# require_command NAME PACKAGE: NAME on PATH, else how to install it.
require_command() {
  command -v "$1" >/dev/null || die "$1 is required; install the Debian package $2"
}

# stale ARTIFACT DIR...: true when ARTIFACT is missing or older than a source file or pom.xml
# below any DIR (paths relative to the checkout), i.e. when running it would run old code.
stale() {
  local artifact=$1 dir
  shift
  [[ -e "$artifact" ]] || return 0
  [[ "$AISLE_ROOT/pom.xml" -nt "$artifact" ]] && return 0
  for dir in "$@"; do
    [[ -n "$(find "$AISLE_ROOT/$dir" \( -path '*/src/main/*' -o -name pom.xml \) -newer "$artifact" \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]] && return 0
  done
  return 1
}

# ensure_built ARTIFACT "DIR..." MAVEN-ARGUMENTS...: builds with ./mvnw -B -q MAVEN-ARGUMENTS when
# ARTIFACT is stale for the module folders DIR (the module and the modules it depends on). Maven's
# output goes to stderr, so a caller's stdout stays clean.
ensure_built() {
  local artifact=$1 dirs=$2
  shift 2
  # shellcheck disable=SC2086 # DIR... is a word list on purpose
  stale "$artifact" $dirs || return 0
  printf '%s: building %s\n' "${AISLE_SCRIPT:-aisle}" "${artifact#"$AISLE_ROOT"/}" >&2
  (cd "$AISLE_ROOT" && ./mvnw -B -q "$@") >&2 || die "the build failed: ./mvnw $*"
  # a build that found nothing to do may leave the file as it was: mark it fresh
  touch "$artifact"
}
