#!/usr/bin/env bash
# The judgement panel (EVALUATION.md, "The judgement panel"): audits each repository and prints
# its grade and the top 10 of its register, for a reviewer to judge item by item.
#   [OUT=DIR] [BIN=principal] scripts/panel/run.sh CLONE...
# Each CLONE is a full-history checkout (the search tool's `fetch`, then `git clone`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-/tmp/panel-out}
bin=${BIN:-$root/target/release/principal}
mkdir -p "$out"
for repo in "$@"; do
  name=$(basename "$repo")
  "$bin" audit "$repo" -q --out "$out/$name" >/dev/null
  python3 - "$out/$name/report.json" "$name" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
h = a["health"]
print(f"===== {sys.argv[2]} ({a['repository']['head'] or 'no git'}): grade {h.get('grade', '-')} ({h.get('score', '-')}), {h['rating']}")
for i, r in enumerate(a["risks"][:10], 1):
    print(f"{i:2}. {r['severity']:8} {r['score']:3} {r['kind']:20} {r['title']}")
    print(f"      -> {r['action']}")
PY
done
