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
AISLE_SCRIPT=demo
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HERE="$AISLE_ROOT/infra/local"
ROOT="$AISLE_ROOT"
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

# --- prerequisites: one line each, no stack traces ---------------------------------------------
require_java
require_node
require_command curl curl

# --- build what is missing or older than its sources --------------------------------------------
DEMO_JAR="$ROOT/infra/local/demo/target/aisle-demo.jar"
API_LOCAL="$ROOT/functions/api/target/local/quarkus-app/quarkus-run.jar"
STREAM_LOCAL="$ROOT/functions/stream/target/local/quarkus-app/quarkus-run.jar"
FUNCTIONS=(core storage functions/common)  # what both functions are built from

section "Build"
ensure_built "$DEMO_JAR" "core storage cdn-precompute trainer infra/local/demo" \
  install -DskipTests -pl infra/local/demo -am
if stale "$API_LOCAL" "${FUNCTIONS[@]}" functions/api || stale "$STREAM_LOCAL" "${FUNCTIONS[@]}" functions/stream; then
  echo "building the api and the stream updater for the local stack"
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -Dlocal -pl functions/api,functions/stream -am) \
    || die "the build of the functions failed (see the Maven output above)"
  touch "$API_LOCAL" "$STREAM_LOCAL"
fi
echo "built: trainer (with the CDN precompute), demo client, api and stream updater"

section "Local stack"
"$HERE/stack.sh" up
set -a
# shellcheck source=/dev/null # written by stack.sh up
source "$RUN/stack.env"
set +a

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
demo load --api "$AISLE_API_URL" --shop "$SHOP" --summary "$DEMO/load.json"

section "Training, publishing and the CDN precompute (the scheduled task: aisle-trainer pipeline)"
# The synthetic shop's tuned settings; an imported dataset trains with the built-in defaults.
trainer_config=()
[[ -z "$dataset" ]] && trainer_config=(--config "$ROOT/infra/local/demo/synthetic-shop.properties")
# The first run builds the training snapshot; a rerun folds in only the events accepted since.
# --lag 0s: the local DynamoDB's indexes are consistent at once and every event is stored by now.
# Exit code 4: the publish gate kept the new model out (a rerun that scored lower); the api keeps
# serving the current model, which is what the rest of the demo shows.
trained=0
"$ROOT/trainer/aisle-trainer" pipeline "${trainer_config[@]}" --lag 0s --report "$DEMO/report.json" \
  --html "$DEMO/report.html" || trained=$?
if [[ $trained -eq 4 ]]; then
  echo "the publish gate kept the new model out: the current model stays served"
elif [[ $trained -ne 0 ]]; then
  exit "$trained"
fi

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

section "A signed shopper read (x-aisle-shopper-token)"
# The demo's api answers any caller: locally AISLE_SHOPPER_TOKEN_SECRET is unset. In AWS it is set,
# and GET /recommendations needs a token the shop's backend minted for that shopper (docs/privacy.md).
# A second api on the same stores, with a secret of this run, shows the difference.
token_port="${AISLE_LOCAL_TOKEN_API_PORT:-$((${AISLE_LOCAL_API_PORT:-8080} + 5))}"
token_url="http://127.0.0.1:$token_port"
! curl -s -o /dev/null --max-time 1 "$token_url/health" \
  || die "port $token_port is taken (set AISLE_LOCAL_TOKEN_API_PORT to a free one)"
AISLE_SHOPPER_TOKEN_SECRET="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export AISLE_SHOPPER_TOKEN_SECRET
QUARKUS_HTTP_PORT=$token_port AISLE_INGEST_RELAY_INTERVAL=0 \
  "$AISLE_JAVA" -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$API_LOCAL" >"$RUN/token-api.log" 2>&1 &
token_api=$!
trap 'kill "$token_api" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null --max-time 1 "$token_url/health" 2>/dev/null && break
  kill -0 "$token_api" 2>/dev/null || die "the api with tokens on exited while starting (log: $RUN/token-api.log)"
  sleep 0.1
done
mapfile -t shoppers < <(tail -n +2 "$SHOP/interactions.csv" | cut -d, -f1 | awk '!seen[$0]++' | head -n 2)
shopper=${shoppers[0]} other=${shoppers[1]}
token=$("$ROOT/trainer/aisle-trainer" token --user "$shopper" --ttl 15m)
http_status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
no_token=$(http_status "$token_url/recommendations?userId=$shopper&k=5")
wrong_shopper=$(http_status -H "x-aisle-shopper-token: $token" "$token_url/recommendations?userId=$other&k=5")
signed=$(curl -fsS -H "x-aisle-shopper-token: $token" "$token_url/recommendations?userId=$shopper&k=5") \
  || die "the signed read failed (log: $RUN/token-api.log)"
[[ "$no_token" == 401 && "$wrong_shopper" == 401 ]] \
  || die "the api with tokens on answered $no_token without a token and $wrong_shopper for another shopper (want 401)"
echo "  token minted by: trainer/aisle-trainer token --user $shopper --ttl 15m  ->  ${token:0:14}…"
echo "  GET /recommendations?userId=$shopper without a token:          $no_token"
echo "  the same token for userId=$other:                              $wrong_shopper"
echo "  with the token: 200, items $(sed -n 's/.*"items":\[\(.*\)\].*/\1/p' <<<"$signed" \
  | grep -o '"itemId":"[^"]*"' | cut -d'"' -f4 | paste -sd, -)"
kill "$token_api" 2>/dev/null || true
wait "$token_api" 2>/dev/null || true
trap - EXIT
unset AISLE_SHOPPER_TOKEN_SECRET

section "Report"
demo report --shop "$SHOP" --training-report "$DEMO/report.json" --stack-env "$RUN/stack.env" \
  --load-summary "$DEMO/load.json" --json "$DEMO/demo-report.json"

printf '\nDone in %ss. Training report: %s. Stop everything with: infra/local/demo.sh --stop\n' \
  "$((SECONDS - started))" "$DEMO/report.html"
