#!/usr/bin/env bash
# Aisle's main job: the whole pipeline on the local stack, end to end, with no AWS account.
#
#   infra/local/demo.sh                 build what is missing, start the stack, generate a shop,
#                                       send it through the api, train, publish, precompute the
#                                       CDN files, and print the report
#   infra/local/demo.sh --small         the same on a small shop (about a minute faster; CI uses it)
#   infra/local/demo.sh --dataset uci-retail:DIR
#                                       send a real dataset instead of the synthetic shop
#                                       (uci-retail or lastfm folder, see the trainer's importers)
#   infra/local/demo.sh --stop          stop everything the stack started
#
# Rerunning is idempotent: the shop is the same for a seed and a day, and events carry ids derived
# from their rows, so a second run stores nothing twice; its training run is incremental and folds
# in only the events accepted since the first (the report says how many).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN="$HERE/.run"
DEMO="$RUN/demo"

users=5000 items=1000 seed=7 dataset="" stop=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --small) users=800 items=250; shift ;;
    --users) users=$2; shift 2 ;;
    --items) items=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --dataset) dataset=$2; shift 2 ;;
    --stop) stop=true; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if $stop; then
  exec "$HERE/stack.sh" down
fi

started=$SECONDS
section() { printf '\n### %s  (%ss)\n' "$*" "$((SECONDS - started))"; }
die() { echo "demo: $*" >&2; exit 1; }

# --- prerequisites: one line each, no stack traces ---------------------------------------------
java_major=$({ java -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[[ -n "$java_major" ]] || die "Java 17 or newer is required (no 'java' on PATH); install openjdk-17-jdk"
((java_major >= 17)) || die "Java 17 or newer is required (found Java $java_major)"
node_major=$({ node --version 2>/dev/null || true; } | sed -n 's/^v\([0-9]*\).*/\1/p')
[[ -n "$node_major" ]] || die "Node.js 20 or newer is required (no 'node' on PATH); install nodejs"
((node_major >= 20)) || die "Node.js 20 or newer is required (found Node $node_major)"
command -v curl >/dev/null || die "curl is required; install curl"

# --- build what is missing ----------------------------------------------------------------------
TRAINER_JAR="$ROOT/trainer/target/aisle-trainer.jar"
DEMO_JAR="$ROOT/infra/local/demo/target/aisle-demo-0.1.0-SNAPSHOT.jar"
API_LOCAL="$ROOT/functions/api/target/local/quarkus-app/quarkus-run.jar"
STREAM_LOCAL="$ROOT/functions/stream/target/local/quarkus-app/quarkus-run.jar"

section "Build"
if [[ ! -f "$TRAINER_JAR" || ! -f "$DEMO_JAR" ]]; then
  echo "building the trainer and the demo client (first run: a few minutes)"
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl infra/local/demo -am) \
    || die "the build failed (see the Maven output above)"
fi
if [[ ! -f "$API_LOCAL" || ! -f "$STREAM_LOCAL" ]]; then
  echo "building the api and the stream updater for the local stack"
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl functions/common -am \
    && ./mvnw -B -q package -Dlocal -DskipTests -pl functions/api,functions/stream) \
    || die "the build of the functions failed (see the Maven output above)"
fi
echo "built: trainer (with the CDN precompute), demo client, api and stream updater"

section "Local stack"
"$HERE/stack.sh" up
set -a; source "$RUN/stack.env"; set +a

demo() { java -cp "$DEMO_JAR:$(cat "$ROOT/infra/local/demo/target/classpath.txt")" dev.aisle.demo.DemoMain "$@"; }

mkdir -p "$DEMO"
SHOP="$DEMO/shop"
if [[ -n "$dataset" ]]; then
  section "Dataset ${dataset%%:*}"
  demo import --format "${dataset%%:*}" --from "${dataset#*:}" --out "$SHOP"
else
  section "Synthetic shop"
  "$ROOT/trainer/aisle-trainer" generate --out "$SHOP" --users "$users" --items "$items" --seed "$seed" \
    --end "$(date -u +%Y-%m-%dT00:00:00Z)"
fi

section "Events through POST /events"
demo load --api "$AISLE_API_URL" --shop "$SHOP"

section "Training, publishing and the CDN precompute (the scheduled task: aisle-trainer pipeline)"
# The synthetic shop's tuned settings; an imported dataset trains with the built-in defaults.
trainer_config=()
[[ -z "$dataset" ]] && trainer_config=(--config "$ROOT/infra/local/demo/synthetic-shop.properties")
# The first run builds the training snapshot; a rerun folds in only the events accepted since.
# --lag 0s: the local DynamoDB's indexes are consistent at once and every event is stored by now.
"$ROOT/trainer/aisle-trainer" pipeline "${trainer_config[@]}" --lag 0s --report "$DEMO/report.json" \
  --html "$DEMO/report.html"

section "Waiting for the api to serve the new model"
version=$(curl -fsS "$AISLE_S3_ENDPOINT/$AISLE_MODELS_BUCKET/models/CURRENT" | tr -d '[:space:]')
served=""
for _ in $(seq 1 240); do
  served=$(curl -fsS "$AISLE_API_URL/health" | sed -n 's/.*"modelVersion":"\([^"]*\)".*/\1/p')
  [[ "$served" == "$version" ]] && break
  sleep 0.25
done
[[ "$served" == "$version" ]] || die "the api did not load model $version within 60 s (log: $RUN/api.log)"
echo "the api serves model $served"

section "Report"
demo report --shop "$SHOP" --training-report "$DEMO/report.json" --stack-env "$RUN/stack.env"

printf '\nDone in %ss. Training report: %s. Stop everything with: infra/local/demo.sh --stop\n' \
  "$((SECONDS - started))" "$DEMO/report.html"
