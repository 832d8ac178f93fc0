#!/usr/bin/env bash
# Clone detection side by side with jscpd 4 on real repositories (EVALUATION.md, "Clones").
#   scripts/clones/compare.sh REPO...
# Needs: a release build (cargo build --release) and jscpd (npm install jscpd@4 in $JSCPD_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JSCPD_DIR=${JSCPD_DIR:-/tmp/jscpd}
[ -x "$JSCPD_DIR/node_modules/.bin/jscpd" ] || (mkdir -p "$JSCPD_DIR" && cd "$JSCPD_DIR" && npm install --silent jscpd@4)
out=${OUT:-/tmp/clones-compare}
mkdir -p "$out"
for repo in "$@"; do
  name=$(basename "$repo")
  "$root/target/release/principal" audit "$repo" -q --no-history --out "$out/$name" >/dev/null
  # The graded files (the project's own parsed source) are the ones both tools read.
  python3 -c "import json,sys; [print(f['path']) for f in json.load(open(sys.argv[1]))['files'] if f.get('health')]" \
    "$out/$name/report.json" > "$out/$name/files.txt"
  rm -rf "$out/$name/jscpd"
  (cd "$repo" && xargs -a "$out/$name/files.txt" "$JSCPD_DIR/node_modules/.bin/jscpd" --silent \
     --min-tokens 50 --min-lines 5 --mode weak --reporters json --output "$out/$name/jscpd" >/dev/null 2>&1 || true)
  echo "== $name"
  python3 "$here/compare.py" "$out/$name/report.json" "$out/$name/jscpd/jscpd-report.json"
done
