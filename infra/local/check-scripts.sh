#!/usr/bin/env bash
# ShellCheck over every shell script of the project (tracked files with a bash shebang or a .sh
# name, and the CLI launchers). Exits non-zero on any finding.
set -euo pipefail
AISLE_SCRIPT=check-scripts
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$AISLE_ROOT"
require_command shellcheck shellcheck

# the tracked files (or, outside a git checkout, every file but build output and packages)
candidates() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files
  else
    find . -type f -not -path '*/target/*' -not -path '*/node_modules/*' -not -path './.git/*' | sed 's|^\./||'
  fi
}

scripts=()
while IFS= read -r file; do
  if [[ "$file" == *.sh ]] || head -1 "$file" | grep -q '^#!.*bash'; then
    scripts+=("$file")
  fi
done < <(candidates | grep -v -E '\.(java|md|json|xml|properties|js|mjs|cjs|html|css|png|csv|txt|yml|yaml)$')

shellcheck --external-sources --severity=style "${scripts[@]}"
echo "check-scripts: ${#scripts[@]} scripts clean"
