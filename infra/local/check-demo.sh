#!/usr/bin/env bash
# Runs the main job (infra/local/demo.sh, arguments passed on) and checks that it ended well and
# showed every section of its report with figures in it, asserted on the JSON report demo.sh writes
# (infra/local/.run/demo/demo-report.json). The output is shown as it comes and
# kept in infra/local/.run/demo/demo.log.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG="$HERE/.run/demo/demo.log"
mkdir -p "$(dirname "$LOG")"

REPORT="$HERE/.run/demo/demo-report.json"
rm -f "$REPORT"  # a report left by an earlier run must not pass for this one

status=0
"$HERE/demo.sh" "$@" 2>&1 | tee "$LOG" || status=$?
[[ $status -eq 0 ]] || { echo "check-demo: FAIL: demo.sh exited with $status" >&2; exit 1; }

# the report's findings as JSON (demo.sh writes it); the demo client checks every section's figures
java -cp "$HERE/demo/target/aisle-demo.jar:$(cat "$HERE/demo/target/classpath.txt")" dev.aisle.demo.DemoMain \
  check-report "$REPORT"
