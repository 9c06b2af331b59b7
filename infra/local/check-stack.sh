#!/usr/bin/env bash
# Checks the local stack's promises: `up` twice is harmless (same processes, same endpoints) and
# after `down` none of its processes is left. Used by CI; leaves the stack stopped.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN="$HERE/.run"
fail() { echo "check-stack: FAIL: $*" >&2; exit 1; }

"$HERE/stack.sh" up >/dev/null
pids_before=$(cat "$RUN"/*.pid | sort | paste -sd' ')
env_before=$(cat "$RUN/stack.env")
"$HERE/stack.sh" up >/dev/null || fail "second up failed"
pids_after=$(cat "$RUN"/*.pid | sort | paste -sd' ')
[[ "$pids_before" == "$pids_after" ]] || fail "second up changed processes: $pids_before -> $pids_after"
[[ "$env_before" == "$(cat "$RUN/stack.env")" ]] || fail "second up changed stack.env"
echo "check-stack: second up kept processes $pids_after"

"$HERE/stack.sh" down >/dev/null
left=""
for pid in $pids_after; do
  if kill -0 "$pid" 2>/dev/null || pgrep -g "$pid" >/dev/null 2>&1; then left="$left $pid"; fi
done
[[ -z "$left" ]] || fail "processes left after down:$left"
ls "$RUN"/*.pid >/dev/null 2>&1 && fail "pid files left after down"
echo "check-stack: down stopped all of them"
