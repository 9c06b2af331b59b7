#!/usr/bin/env bash
# Serving benchmark on the local stack: model planting, recall, scoring time, heap, cold start, load.
#
#   functions/api/bench/load.sh [--scale] [--skip-heap] [--skip-jmh] [--skip-cold-start] [--skip-load]
#
# 1. plants a model (BENCH_ITEMS items × BENCH_FACTORS ALS-like factors, BENCH_USERS shoppers in the
#    manifest, user-state rows for BENCH_SAMPLE of them, the item graph from 50,000 items on) in
#    tables and buckets of its own (suffix -bench), with the product's code; prints recall@10 of the
#    graph against the exact scan over 1,000 random shoppers (PlantModel.java). The model files are
#    cached in functions/api/target/bench/model-ITEMS-FACTORS (the graph takes minutes at 1 M items);
# 2. scoring time per request, JMH, one thread: exact scan and graph search (core's AnnTopKBench);
# 3. heap after load: the api started with the model, similar items and graph attached, a full GC, then the
#    heap in use and the resident memory; with BENCH_USERS_ALT set, first for a model of that many
#    shoppers (same item files), to show the heap does not follow the shopper count;
# 4. cold start: JVM start → first personalized recommendation with the model loaded, for plain
#    JVM, -XX:TieredStopAtLevel=1, AppCDS, and both (median of COLD_RUNS; COLD_VARIANTS=quick runs
#    plain and both only, COLD_VARIANTS=plain the plain JVM only);
# 5. load: wrk for BENCH_DURATION with BENCH_CONNECTIONS connections over random planted shoppers
#    (after a 5 s warm-up): p50, p99, errors; the api's resident memory after the run.
# The api it starts is stopped at the end; the shared stack is left as it was.
#
# --scale: 1,000,000 items, 10,000,000 shoppers (and 1,000,000 for the heap comparison), 3 cold runs.
# Environment: BENCH_REUSE_PLANTED (0; 1 skips planting when the last run planted the same sizes), BENCH_ITEMS (100000), BENCH_USERS (100000), BENCH_USERS_ALT, BENCH_FACTORS (64),
# BENCH_SAMPLE (1000), BENCH_GRAPH_MIN_ITEMS (50000: the trainer's rule), BENCH_PORT (8180; on a shared machine pick one below the ephemeral range, 32768, or an outgoing
# connection may hold it),
# BENCH_DURATION (30s), BENCH_CONNECTIONS (2), COLD_RUNS (5),
# COLD_VARIANTS (all), BENCH_COLD_HEAP (-Xmx512m; -Xmx1g with --scale), BENCH_JVM_OPTS (flags of the heap and load runs; default
# "-Xmx1g -XX:+UseSerialGC"), BENCH_MODEL_BUDGET (the api's AISLE_SERVING_MODEL_MEMORY_BUDGET; 700M with --scale:
# the default, 40 % of a 1 GB heap, refuses a 1 M-item model), BENCH_APP (the quarkus-app folder to run; default the
# local build, e.g. a copy of an older build to compare).
# Each cold start prints the wall time and the api's CPU time (user + system, all threads, from /proc) at the first
# answer — on a shared machine the CPU time is the steadier figure — the load average, and the api's own phases
# (event=startup_phase: Quarkus started, model served, first answer, in ms since the JVM started).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
scale=0 heap=1 jmh=1 cold=1 load=1
for arg in "$@"; do
  case "$arg" in
    --scale) scale=1 ;;
    --skip-heap) heap=0 ;;
    --skip-jmh) jmh=0 ;;
    --skip-cold-start) cold=0 ;;
    --skip-load) load=0 ;;
    *) printf 'usage: %s [--scale] [--skip-heap] [--skip-jmh] [--skip-cold-start] [--skip-load]\n' "$0" >&2; exit 2 ;;
  esac
done
if ((scale)); then
  : "${BENCH_ITEMS:=1000000}" "${BENCH_USERS:=10000000}" "${BENCH_USERS_ALT:=1000000}" "${COLD_RUNS:=3}"
  # 1 M × 64 is ~490 MB of heap after load: the cold starts need the heap the load run has
  : "${BENCH_COLD_HEAP:=-Xmx1g}" "${BENCH_MODEL_BUDGET:=700M}"
fi
ITEMS=${BENCH_ITEMS:-100000}
USERS=${BENCH_USERS:-100000}
USERS_ALT=${BENCH_USERS_ALT:-}
SAMPLE=${BENCH_SAMPLE:-1000}
FACTORS=${BENCH_FACTORS:-64}
COLD_VARIANTS=${COLD_VARIANTS:-all}
COLD_HEAP=${BENCH_COLD_HEAP:--Xmx512m}
GRAPH_MIN=${BENCH_GRAPH_MIN_ITEMS:-50000}
export BENCH_GRAPH_MIN_ITEMS=$GRAPH_MIN
MODEL_DIR="model-$ITEMS-$FACTORS"
((ITEMS >= GRAPH_MIN)) || MODEL_DIR="$MODEL_DIR-nograph"
PORT=${BENCH_PORT:-8180}
DURATION=${BENCH_DURATION:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-2}
COLD_RUNS=${COLD_RUNS:-5}
LOAD_JVM_OPTS=${BENCH_JVM_OPTS:--Xmx1g -XX:+UseSerialGC}
APP=${BENCH_APP:-"$ROOT/functions/api/target/local/quarkus-app"}
WORK="$ROOT/functions/api/target/bench"
URL="http://127.0.0.1:$PORT"
API_PID=

die() { printf 'load: %s\n' "$*" >&2; exit 2; }
log() { printf '%s load %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }


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
  while IFS= read -r endpoint; do
    hostport=${endpoint#http://}
    (exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}") 2>/dev/null || return 1
  done < <(grep -E '^AISLE_(DYNAMODB_ENDPOINT|S3_ENDPOINT|KAFKA_BOOTSTRAP)=' "$env" | cut -d= -f2)
}
stack_answers || "$ROOT/infra/local/stack.sh" up >/dev/null || die "the local stack did not start"
STORAGE_JAR="$ROOT/storage/target/aisle-storage.jar"
[[ -f "$STORAGE_JAR" && -f "$ROOT/storage/target/classpath.txt" ]] || die "storage is not built (./mvnw -pl core,storage install)"
BENCH_JAR="$ROOT/core/target/bench/benchmarks.jar"
if [[ ! -f "$BENCH_JAR" ]]; then
  log "building core's benchmarks (core -Pbench)"
  (cd "$ROOT" && ./mvnw -B -q -pl core -Pbench package) || die "could not build core's benchmarks"
fi
# the bench jar after storage's classpath: it brings the ALS-like factor generator
CP="$STORAGE_JAR:$(cat "$ROOT/storage/target/classpath.txt"):$BENCH_JAR"

# plant USERS-COUNT: plants the model for that many shoppers (CURRENT names it); writes $WORK/bench.env
# (BENCH_REUSE_PLANTED=1: the model planted by the last run stays, if that run planted ITEMS-USERS-FACTORS)
plant() {
  local planted="$ITEMS-$1-$FACTORS"
  if [[ "${BENCH_REUSE_PLANTED:-0}" == 1 && -s "$WORK/bench.env" && "$(cat "$WORK/planted" 2>/dev/null)" == "$planted" ]]; then
    log "reusing the planted model ($planted)"
  else
    log "planting a model: $ITEMS items × $FACTORS factors, $1 shoppers ($SAMPLE with user-state rows)"
    "$JAVA" -Xmx3g -cp "$CP" "$HERE/PlantModel.java" \
      "$ROOT/infra/local/.run/stack.env" -bench "$ITEMS" "$1" "$FACTORS" "$SAMPLE" "$WORK" \
      >"$WORK/bench.env" 2> >(grep -v '^SLF4J' >&2)
    echo "$planted" >"$WORK/planted"
  fi
  # the api's environment: the stack's endpoints, the bench's tables and buckets
  mapfile -t API_ENV < <(grep -v '^#' "$ROOT/infra/local/.run/stack.env"; cat "$WORK/bench.env"
    printf '%s\n' AISLE_SERVING_PRELOAD=true AISLE_PROVISION=false
    [[ -z "${BENCH_MODEL_BUDGET:-}" ]] || echo "AISLE_SERVING_MODEL_MEMORY_BUDGET=$BENCH_MODEL_BUDGET")
}

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
  local log_file=$1 i; shift
  # the previous api's port may take a moment to be released on a loaded machine
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
    sleep 0.1
  done
  START_NS=$(date +%s%N)
  env "${API_ENV[@]}" "$JAVA" "$@" -Dquarkus.http.port="$PORT" -jar "$APP/quarkus-run.jar" >"$log_file" 2>&1 &
  API_PID=$!
  API_LOG=$log_file
}

# CPU time of the api so far (user + system of all its threads), in ms.
api_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$API_PID/stat"
}

# Waits until a known shopper gets a personalized answer; prints milliseconds since START_NS and,
# after a slash, the api's CPU milliseconds at that moment.
first_recommendation_ms() {
  local i body
  for ((i = 0; i < 6000; i++)); do
    body=$(curl -s --max-time 5 "$URL/recommendations?userId=user-1&k=10" 2>/dev/null || true)
    if [[ "$body" == *'"source":"personalized"'* || "$body" == *'"source":"realtime"'* ]]; then
      echo "$(( ($(date +%s%N) - START_NS) / 1000000 ))/$(api_cpu_ms)"
      return 0
    fi
    kill -0 "$API_PID" 2>/dev/null || die "the api exited while starting"
    grep -q -E 'event=model_(rejected|refused|withdrawn)' "$API_LOG" && die "the api rejected the model (see $API_LOG)"
    sleep 0.005
  done
  die "no personalized recommendation within 30 s"
}

# Waits (up to 10 minutes) until the api's log says PART (similar_items, item_graph) is attached.
attached() {
  local part=$1 log_file=$2 i
  for ((i = 0; i < 6000; i++)); do
    grep -q "event=${part}_loaded" "$log_file" && return 0
    grep -q "event=${part}_rejected" "$log_file" && die "the api rejected the $part (see $log_file)"
    sleep 0.1
  done
  die "the $part was not attached within 10 minutes (see $log_file)"
}

# Waits until what the api loads after the first answer is there: similar items, and the graph if any.
graph_attached() {
  attached similar_items "$1"
  ((ITEMS < GRAPH_MIN)) || attached item_graph "$1"
}

# heap_after_load LABEL: the api with the current model, graph attached, after a full GC
heap_after_load() {
  local label=$1 used
  # shellcheck disable=SC2086
  start_api "$WORK/heap-api.log" $LOAD_JVM_OPTS
  first_recommendation_ms >/dev/null
  graph_attached "$WORK/heap-api.log"
  jcmd "$API_PID" GC.run >/dev/null
  used=$(jcmd "$API_PID" GC.heap_info | awk '/generation/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } } END { print int(s / 1024) }')
  printf 'heap after load (%s): %d MB in use after a full GC, resident %d MB\n' "$label" "$used" \
    $(( $(ps -o rss= -p "$API_PID") / 1024 ))
  stop_api
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The api's start phases from its log: ms since the JVM started (CPU ms) of each event=startup_phase.
phases() {
  sed -n -E 's/.*event=startup_phase phase=([a-z_]+) .*sinceJvmStartMillis=([0-9]+) cpuMillis=([0-9-]+).*/\1 \2 (\3)/p; s/.*event=model_read .*readMillis=([0-9]+).*/read \1/p' "$1" \
    | paste -sd ' ' -
}

cold_start() {
  local name=$1; shift
  local runs=() cpus=() i result
  for ((i = 0; i < COLD_RUNS; i++)); do
    start_api "$WORK/cold-$name-$i.log" "$COLD_HEAP" -XX:+UseSerialGC "$@"
    result=$(first_recommendation_ms)
    stop_api
    runs+=("${result%/*}") cpus+=("${result#*/}")
    printf 'cold start %-22s run %d: %5d ms, CPU %5d ms, load average %s; phases: %s\n' "$name" "$i" "${result%/*}" \
      "${result#*/}" "$(cut -d' ' -f1 /proc/loadavg)" "$(phases "$WORK/cold-$name-$i.log")"
  done
  printf 'cold start %-22s median %5d ms (min %d), CPU median %5d ms (min %d)   runs: %s\n' "$name" \
    "$(printf '%s\n' "${runs[@]}" | median)" "$(printf '%s\n' "${runs[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)" "${runs[*]}"
}

if [[ -n "$USERS_ALT" ]] && ((heap)); then
  plant "$USERS_ALT"
  heap_after_load "$ITEMS items, $USERS_ALT shoppers"
fi
plant "$USERS"
if ((jmh)) && ((ITEMS >= GRAPH_MIN)); then
  log "scoring time per request (JMH, one thread): exact scan and graph search"
  "$JAVA" -jar "$BENCH_JAR" AnnTopKBench -p model="$WORK/$MODEL_DIR" -rf text -rff "$WORK/jmh.txt" >"$WORK/jmh.log" 2>&1 \
    || die "JMH failed (see $WORK/jmh.log)"
  grep -E '^(Benchmark|AnnTopKBench)' "$WORK/jmh.txt" | sed 's/^/jmh /'
fi
if ((heap)); then
  heap_after_load "$ITEMS items, $USERS shoppers"
fi

if ((cold)); then
  log "cold start: JVM start → first personalized recommendation with the model loaded ($COLD_RUNS runs each)"
  if [[ "$COLD_VARIANTS" != plain ]]; then
    rm -f "$WORK/api-cds.jsa"
    start_api "$WORK/cds-dump.log" "$COLD_HEAP" -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$WORK/api-cds.jsa"
    first_recommendation_ms >/dev/null
    stop_api
    [[ -f "$WORK/api-cds.jsa" ]] || die "no AppCDS archive was written (see $WORK/cds-dump.log)"
  fi
  cold_start "plain"
  if [[ "$COLD_VARIANTS" == all ]]; then
    cold_start "TieredStopAtLevel=1" -XX:TieredStopAtLevel=1
    cold_start "AppCDS" -XX:SharedArchiveFile="$WORK/api-cds.jsa"
  fi
  [[ "$COLD_VARIANTS" == plain ]] \
    || cold_start "AppCDS+TieredStop=1" -XX:SharedArchiveFile="$WORK/api-cds.jsa" -XX:TieredStopAtLevel=1
fi

if ((load)); then
  log "load: wrk $DURATION, $CONNECTIONS connections, random known shoppers (JVM: $LOAD_JVM_OPTS)"
  # shellcheck disable=SC2086
  start_api "$WORK/load-api.log" $LOAD_JVM_OPTS
  first_recommendation_ms >/dev/null
  graph_attached "$WORK/load-api.log"
  # random shoppers among those with a user-state row: every answer is scored against the model
  BENCH_USERS=$SAMPLE wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 5s -s "$HERE/recommendations.lua" "$URL" >/dev/null
  BENCH_USERS=$SAMPLE wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "$DURATION" --timeout 5s \
    -s "$HERE/recommendations.lua" "$URL" >"$WORK/wrk.txt"
  grep '^RESULT' "$WORK/wrk.txt" | sed 's/^RESULT /load /'
  printf 'api resident memory after the run: %d MB\n' $(( $(ps -o rss= -p "$API_PID") / 1024 ))
fi
