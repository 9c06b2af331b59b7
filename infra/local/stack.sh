#!/usr/bin/env bash
# Aisle's local stack: everything the product and its tests need, on 127.0.0.1 only.
#
#   infra/local/stack.sh up       start what is not running yet (harmless to run twice)
#   infra/local/stack.sh down     stop every process this script started
#   infra/local/stack.sh status   what runs where
#
# Servers: dynalite (DynamoDB API, npm), Adobe S3Mock (S3 API, Maven Central), Apache Kafka in
# KRaft mode (Maven Central), then the api and the stream updater when they are built
# (functions/*/target/local). Endpoints go to infra/local/.run/stack.env, which the product's
# local configuration, the CLIs and the tests read. Ports can be moved with the variables below.
set -euo pipefail
AISLE_SCRIPT=stack
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HERE="$AISLE_ROOT/infra/local"
ROOT="$AISLE_ROOT"
RUN="$HERE/.run"
SERVERS="$HERE/target/servers"
JAVA="$AISLE_JAVA"
LOCAL_JAR="$HERE/target/aisle-local.jar"

DYNAMODB_PORT="${AISLE_LOCAL_DYNAMODB_PORT:-8000}"
S3_PORT="${AISLE_LOCAL_S3_PORT:-9090}"
S3_TLS_PORT="${AISLE_LOCAL_S3_TLS_PORT:-9191}"
KAFKA_PORT="${AISLE_LOCAL_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${AISLE_LOCAL_KAFKA_CONTROLLER_PORT:-9093}"
API_PORT="${AISLE_LOCAL_API_PORT:-8080}"
WEB_PORT="${AISLE_LOCAL_WEB_PORT:-8090}"
HOST=127.0.0.1

API_JAR="$ROOT/functions/api/target/local/quarkus-app/quarkus-run.jar"
STREAM_JAR="$ROOT/functions/stream/target/local/quarkus-app/quarkus-run.jar"
WEB_ROOT="$HERE/web"

log() { printf '%s stack %s\n' "$(date -u +%H:%M:%S)" "$*"; }

pid_of() { if [[ -f "$RUN/$1.pid" ]]; then cat "$RUN/$1.pid"; fi; }

alive() {
  local pid; pid=$(pid_of "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Starts a command in its own session (so `down` can stop the whole process group) and records it.
# The server must not inherit fd 9 (up.lock): it would hold the lock for its whole life and block
# every later `up`.
spawn() {
  local name=$1; shift
  setsid "$@" >"$RUN/$name.log" 2>&1 < /dev/null 9>&- &
  echo $! >"$RUN/$name.pid"
}

wait_port() {
  local name=$1 port=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    port_open "$port" && return 0
    alive "$name" || { tail -n 20 "$RUN/$name.log" >&2; die "$name exited while starting (log: $RUN/$name.log)"; }
    sleep 0.1
  done
  die "$name did not open port $port within ${seconds}s (log: $RUN/$name.log)"
}

wait_http() {
  local name=$1 url=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    alive "$name" || { tail -n 20 "$RUN/$name.log" >&2; die "$name exited while starting (log: $RUN/$name.log)"; }
    sleep 0.1
  done
  die "$name did not answer $url within ${seconds}s (log: $RUN/$name.log)"
}

claim_port() {
  local name=$1 port=$2
  if port_open "$port"; then
    die "port $port (for $name) is taken by a process this script did not start; stop it or set AISLE_LOCAL_*_PORT"
  fi
}

install() {
  require_node
  require_java
  if [[ ! -f "$HERE/node_modules/dynalite/cli.js" ]]; then
    log "installing dynalite from npm"
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  if [[ ! -f "$SERVERS/s3mock/s3mock-exec.jar" || ! -d "$SERVERS/kafka" ]] || stale "$LOCAL_JAR" infra/local/src infra/local/pom.xml; then
    log "fetching the Kafka broker and S3Mock from Maven Central"
    (cd "$ROOT" && ./mvnw -B -q -pl infra/local package -DskipTests) || die "could not build infra/local"
    touch "$LOCAL_JAR"
  fi
}

start_dynamodb() {
  alive dynamodb && { log "dynamodb already running (pid $(pid_of dynamodb))"; return; }
  claim_port dynamodb "$DYNAMODB_PORT"
  spawn dynamodb node "$HERE/dynamodb-server.cjs" --host "$HOST" --port "$DYNAMODB_PORT"
}

start_s3() {
  alive s3 && { log "s3 already running (pid $(pid_of s3))"; return; }
  claim_port s3 "$S3_PORT"
  claim_port s3 "$S3_TLS_PORT"
  rm -rf "$RUN/s3-data"
  spawn s3 "$JAVA" -Xmx512m -XX:TieredStopAtLevel=1 \
    -Dloader.path="$LOCAL_JAR" \
    -cp "$SERVERS/s3mock/s3mock-exec.jar" org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.address="$HOST" --server.port="$S3_TLS_PORT" \
    --com.adobe.testing.s3mock.http-port="$S3_PORT" \
    --com.adobe.testing.s3mock.store.root="$RUN/s3-data" \
    --spring.main.banner-mode=off --logging.level.root=WARN
}

start_kafka() {
  alive kafka && { log "kafka already running (pid $(pid_of kafka))"; return; }
  claim_port kafka "$KAFKA_PORT"
  claim_port kafka "$KAFKA_CONTROLLER_PORT"
  local data="$RUN/kafka-data" config="$RUN/kafka.properties"
  rm -rf "$data"
  cat >"$config" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
num.partitions=4
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  local cp="$SERVERS/kafka/*"
  # --cluster-id=ID as one argument: a base64url id may start with '-'
  "$JAVA" -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn kafka.tools.StorageTool format \
    --cluster-id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)" -c "$config" --standalone \
    >"$RUN/kafka-format.log" 2>&1 || { cat "$RUN/kafka-format.log" >&2; die "kafka storage format failed"; }
  spawn kafka "$JAVA" -Xmx512m -Xms128m -cp "$cp" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
    kafka.Kafka "$config"
}

# The salt of the shopper-id hash in erasure records and tombstones: AISLE_ERASURE_SALT if set, else
# one random value per checkout, kept across restarts (a new salt would orphan the tombstones).
erasure_salt() {
  if [[ -n "${AISLE_ERASURE_SALT:-}" ]]; then
    printf '%s' "$AISLE_ERASURE_SALT"
    return
  fi
  if [[ ! -s "$RUN/erasure.salt" ]]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN/erasure.salt")
  fi
  cat "$RUN/erasure.salt"
}

write_env() {
  local salt
  salt=$(erasure_salt)
  cat >"$RUN/stack.env.tmp" <<EOF
# Written by infra/local/stack.sh up; read by the product's local configuration, the CLIs and the tests.
AISLE_REGION=us-east-1
AISLE_LOCAL_CREDENTIALS=true
AISLE_DYNAMODB_ENDPOINT=http://$HOST:$DYNAMODB_PORT
AISLE_S3_ENDPOINT=http://$HOST:$S3_PORT
AISLE_KAFKA_BOOTSTRAP=$HOST:$KAFKA_PORT
AISLE_EVENTS_TABLE=aisle-events
AISLE_ITEMS_TABLE=aisle-items
AISLE_USERS_TABLE=aisle-users
AISLE_USER_STATE_TABLE=aisle-user-state
AISLE_ERASURES_TABLE=aisle-events-erasures
AISLE_ERASURE_SALT=$salt
AISLE_INTERACTIONS_TOPIC=aisle.interactions
AISLE_DEAD_LETTER_TOPIC=aisle.interactions.dlq
AISLE_MODELS_BUCKET=aisle-models
AISLE_CDN_BUCKET=aisle-cdn
AISLE_API_URL=http://$HOST:$API_PORT
AISLE_WEB_URL=http://$HOST:$WEB_PORT
EOF
  mv "$RUN/stack.env.tmp" "$RUN/stack.env"
}

# Tables, buckets and topics, created by the product's own code (idempotent).
provision() {
  local cp
  cp=$(storage_classpath) || die "could not build the storage module"
  # LocalProvisioner is local-stack tooling: in storage's test jar, never in a function's zip
  "$JAVA" -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.aisle.storage.local.LocalProvisioner "$RUN/stack.env" \
    >"$RUN/provision.log" 2>&1 || { cat "$RUN/provision.log" >&2; die "creating tables, buckets and topics failed"; }
  log "tables, buckets and topics ready"
}

storage_classpath() {
  local jar="$ROOT/storage/target/aisle-storage.jar" tooling="$ROOT/storage/target/aisle-storage-tests.jar"
  local deps="$ROOT/storage/target/classpath.txt"
  [[ -f "$deps" && -f "$tooling" ]] || rm -f "$jar"
  # stdout is the classpath: ensure_built sends the build's output to stderr
  ensure_built "$jar" "core storage" -pl storage -am install -DskipTests
  printf '%s:%s:%s' "$jar" "$tooling" "$(cat "$deps")"
}

start_function() {
  local name=$1 jar=$2 port=${3:-}
  [[ -f "$jar" ]] || { log "$name not built ($jar); skipped"; return; }
  if alive "$name" && [[ "$jar" -nt "$RUN/$name.pid" ]]; then
    log "$name was built again since it started: restarting it"
    stop "$name"
  fi
  alive "$name" && { log "$name already running (pid $(pid_of "$name"))"; return; }
  [[ -z "$port" ]] || claim_port "$name" "$port"
  local env
  mapfile -t env < <(grep -v '^#' "$RUN/stack.env")
  # the local build listens on 8080 unless told: a function with a port gets its own
  [[ -z "$port" ]] || env+=("QUARKUS_HTTP_PORT=$port")
  spawn "$name" env "${env[@]}" "$JAVA" -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar"
}

start_web() {
  [[ -d "$WEB_ROOT" ]] || return 0
  alive web && { log "web already running (pid $(pid_of web))"; return; }
  claim_port web "$WEB_PORT"
  spawn web node "$HERE/web-server.mjs" --host "$HOST" --port "$WEB_PORT" --root "$WEB_ROOT" --env "$RUN/stack.env"
}

up() {
  local started=$SECONDS
  mkdir -p "$RUN"
  exec 9>"$RUN/up.lock"
  flock 9  # one `up` at a time: tests in parallel processes may all ask for the stack
  install
  start_dynamodb
  start_s3
  start_kafka
  wait_port dynamodb "$DYNAMODB_PORT" 20
  wait_port s3 "$S3_PORT" 60
  wait_port kafka "$KAFKA_PORT" 60
  write_env
  provision
  start_function api "$API_JAR" "$API_PORT"
  start_function stream "$STREAM_JAR"
  [[ -f "$RUN/api.pid" ]] && alive api && wait_http api "http://$HOST:$API_PORT/health" 60
  [[ -f "$HERE/web-server.mjs" ]] && { start_web; wait_port web "$WEB_PORT" 10; }
  log "up in $((SECONDS - started))s; endpoints in $RUN/stack.env"
  status
}

# TERM to every process group first, then wait for all of them together (a JVM takes a second
# or two to stop; one after the other would add up), then KILL what is left.
stop() {
  local name pid i entry alive_any stopping=()
  for name in "$@"; do
    pid=$(pid_of "$name")
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$name:$pid")
    fi
    rm -f "$RUN/$name.pid"
  done
  for ((i = 0; i < 150; i++)); do
    alive_any=false
    for entry in "${stopping[@]}"; do
      kill -0 "${entry#*:}" 2>/dev/null && alive_any=true
    done
    $alive_any || break
    sleep 0.1
  done
  for entry in "${stopping[@]}"; do
    kill -KILL -- "-${entry#*:}" 2>/dev/null || true
    log "stopped ${entry%%:*}"
  done
}

down() {
  stop web stream api kafka s3 dynamodb
  rm -rf "$RUN/kafka-data" "$RUN/s3-data" "$RUN/stack.env"
}

status() {
  local name line
  for name in dynamodb s3 kafka api stream web; do
    if alive "$name"; then
      line=$(ss -Hltnp 2>/dev/null | grep "pid=$(pid_of "$name")," | awk '{print $4}' | sort -u | paste -sd' ' - || true)
      printf '  %-9s running  pid %-8s %s\n' "$name" "$(pid_of "$name")" "${line:-}"
    else
      printf '  %-9s stopped\n' "$name"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
