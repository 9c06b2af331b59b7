#!/usr/bin/env bash
# Serving load test and cold start on the local stack.
#
#   functions/api/bench/load.sh [--skip-cold-start] [--skip-load]
#
# 1. plants a random model (100,000 items × 64 factors, 100,000 shoppers) in tables and buckets of
#    its own (suffix -bench), with the product's code;
# 2. cold start: starts the local api build (functions/api/target/local) on its own port, and times
#    JVM start → first personalized recommendation served with the model loaded, for plain JVM,
#    -XX:TieredStopAtLevel=1, AppCDS, and both (median of COLD_RUNS);
# 3. load: wrk for 30 s with 2 connections over random known shoppers (after a 5 s warm-up):
#    p50, p99, errors; the api's resident memory after the run.
# The api it starts is stopped at the end; the shared stack is left as it was.
#
# Environment: BENCH_ITEMS, BENCH_USERS, BENCH_FACTORS, BENCH_PORT (8180), BENCH_DURATION (30s),
# BENCH_CONNECTIONS (2), COLD_RUNS (5), BENCH_JVM_OPTS (flags of the load run; default
# "-Xmx1g -XX:+UseSerialGC").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ITEMS=${BENCH_ITEMS:-100000}
USERS=${BENCH_USERS:-100000}
FACTORS=${BENCH_FACTORS:-64}
PORT=${BENCH_PORT:-8180}
DURATION=${BENCH_DURATION:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-2}
COLD_RUNS=${COLD_RUNS:-5}
LOAD_JVM_OPTS=${BENCH_JVM_OPTS:--Xmx1g -XX:+UseSerialGC}
APP="$ROOT/functions/api/target/local/quarkus-app"
WORK="$ROOT/functions/api/target/bench"
URL="http://127.0.0.1:$PORT"
API_PID=

die() { printf 'load: %s\n' "$*" >&2; exit 2; }
log() { printf '%s load %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cold=1 load=1
for arg in "$@"; do
  case "$arg" in
    --skip-cold-start) cold=0 ;;
    --skip-load) load=0 ;;
    *) die "usage: $0 [--skip-cold-start] [--skip-load]" ;;
  esac
done

command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || die "curl is missing"
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is taken; set BENCH_PORT"
mkdir -p "$WORK"

if [[ ! -f "$APP/quarkus-run.jar" ]]; then
  log "building the local api (functions/api -Dlocal)"
  (cd "$ROOT" && ./mvnw -B -q -pl core,storage,functions/common install -DskipTests \
    && ./mvnw -B -q -Dlocal -pl functions/api package) || die "could not build the api"
fi
# `stack.sh up` only when a server does not answer (it waits for a lock the running servers may hold)
stack_answers() {
  local env="$ROOT/infra/local/.run/stack.env" endpoint hostport
  [[ -f "$env" ]] || return 1
  for endpoint in $(grep -E '^AISLE_(DYNAMODB_ENDPOINT|S3_ENDPOINT|KAFKA_BOOTSTRAP)=' "$env" | cut -d= -f2); do
    hostport=${endpoint#http://}
    (exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}") 2>/dev/null || return 1
  done
}
stack_answers || "$ROOT/infra/local/stack.sh" up >/dev/null || die "the local stack did not start"
STORAGE_JAR="$ROOT/storage/target/aisle-storage-0.1.0-SNAPSHOT.jar"
[[ -f "$STORAGE_JAR" && -f "$ROOT/storage/target/classpath.txt" ]] || die "storage is not built (./mvnw -pl core,storage install)"
CP="$STORAGE_JAR:$(cat "$ROOT/storage/target/classpath.txt")"

log "planting a model: $ITEMS items × $FACTORS factors, $USERS shoppers"
"$JAVA" -Xmx2g -cp "$CP" "$HERE/PlantModel.java" \
  "$ROOT/infra/local/.run/stack.env" -bench "$ITEMS" "$USERS" "$FACTORS" >"$WORK/bench.env" 2> >(grep -v '^SLF4J' >&2)
# the api's environment: the stack's endpoints, the bench's tables and buckets
API_ENV=($(grep -v "^#" "$ROOT/infra/local/.run/stack.env") $(cat "$WORK/bench.env") AISLE_SERVING_PRELOAD=true AISLE_PROVISION=false)

stop_api() {
  if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  API_PID=
}
trap stop_api EXIT

# start_api LOG JVM-FLAGS…: starts the api on $PORT; sets API_PID and START_NS
start_api() {
  local log_file=$1; shift
  START_NS=$(date +%s%N)
  env "${API_ENV[@]}" "$JAVA" "$@" -Dquarkus.http.port="$PORT" -jar "$APP/quarkus-run.jar" >"$log_file" 2>&1 &
  API_PID=$!
}

# Waits until a known shopper gets a personalized answer; prints milliseconds since START_NS.
first_recommendation_ms() {
  local i body
  for ((i = 0; i < 6000; i++)); do
    body=$(curl -s --max-time 5 "$URL/recommendations?userId=user-1&k=10" 2>/dev/null || true)
    if [[ "$body" == *'"source":"personalized"'* || "$body" == *'"source":"realtime"'* ]]; then
      echo $(( ($(date +%s%N) - START_NS) / 1000000 ))
      return 0
    fi
    kill -0 "$API_PID" 2>/dev/null || die "the api exited while starting"
    sleep 0.005
  done
  die "no personalized recommendation within 30 s"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cold_start() {
  local name=$1; shift
  local runs=() i ms
  for ((i = 0; i < COLD_RUNS; i++)); do
    start_api "$WORK/cold-$name.log" -Xmx512m -XX:+UseSerialGC "$@"
    ms=$(first_recommendation_ms)
    stop_api
    runs+=("$ms")
  done
  printf 'cold start %-22s median %5d ms   runs: %s\n' "$name" "$(printf '%s\n' "${runs[@]}" | median)" "${runs[*]}"
}

if ((cold)); then
  log "cold start: JVM start → first personalized recommendation with the model loaded ($COLD_RUNS runs each)"
  rm -f "$WORK/api-cds.jsa"
  start_api "$WORK/cds-dump.log" -Xmx512m -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$WORK/api-cds.jsa"
  first_recommendation_ms >/dev/null
  stop_api
  [[ -f "$WORK/api-cds.jsa" ]] || die "no AppCDS archive was written (see $WORK/cds-dump.log)"
  cold_start "plain"
  cold_start "TieredStopAtLevel=1" -XX:TieredStopAtLevel=1
  cold_start "AppCDS" -XX:SharedArchiveFile="$WORK/api-cds.jsa"
  cold_start "AppCDS+TieredStop=1" -XX:SharedArchiveFile="$WORK/api-cds.jsa" -XX:TieredStopAtLevel=1
fi

if ((load)); then
  log "load: wrk $DURATION, $CONNECTIONS connections, random known shoppers (JVM: $LOAD_JVM_OPTS)"
  # shellcheck disable=SC2086
  start_api "$WORK/load-api.log" $LOAD_JVM_OPTS
  first_recommendation_ms >/dev/null
  BENCH_USERS=$USERS wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 5s -s "$HERE/recommendations.lua" "$URL" >/dev/null
  BENCH_USERS=$USERS wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "$DURATION" --timeout 5s \
    -s "$HERE/recommendations.lua" "$URL" >"$WORK/wrk.txt"
  grep '^RESULT' "$WORK/wrk.txt" | sed 's/^RESULT /load /'
  printf 'api resident memory after the run: %d MB\n' $(( $(ps -o rss= -p "$API_PID") / 1024 ))
fi
