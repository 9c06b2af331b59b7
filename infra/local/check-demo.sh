#!/usr/bin/env bash
# Runs the main job (infra/local/demo.sh, arguments passed on) and checks that it ended well and
# printed every section of its report with figures in it. The output is shown as it comes and
# kept in infra/local/.run/demo/demo.log.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG="$HERE/.run/demo/demo.log"
mkdir -p "$(dirname "$LOG")"

status=0
"$HERE/demo.sh" "$@" 2>&1 | tee "$LOG" || status=$?
[[ $status -eq 0 ]] || { echo "check-demo: FAIL: demo.sh exited with $status" >&2; exit 1; }

missing=()
expect() {
  local what=$1 pattern=$2
  grep -Eq -- "$pattern" "$LOG" || missing+=("$what")
}
expect "events sent through POST /events" 'Events: [0-9,]+ accepted, [0-9,]+ duplicates'
expect "data section"                      '^== Data =='
expect "hygiene counts"                    'hygiene: read [0-9,]+ rows, kept [0-9,]+'
expect "quality section"                   '^== Model quality'
expect "ALS against the baselines"         '^  als +[0-9.]+'
expect "popular baseline"                  '^  popular +[0-9.]+'
expect "item-kNN baseline"                 '^  itemKnn +[0-9.]+'
expect "three shoppers"                    '^== Three shoppers =='
expect "recommendations with titles"       'recommended \(source (personalized|realtime)\)'
expect "similar items"                     '^== Similar items =='
expect "new items section"                 '^== New items =='
expect "anonymous segment from the CDN"    'gets segment [^ ]+ \([0-9,]+ shoppers\)'
expect "real-time change with its delay"   'after +\(source realtime, [0-9]+ ms after the POST\)'
expect "latency figures"                   'p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms'
expect "URLs and how to stop"              'demo\.sh --stop'

if ((${#missing[@]})); then
  printf 'check-demo: FAIL: missing from the report: %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "check-demo: every section present (log: $LOG)"
