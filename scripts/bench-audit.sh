#!/usr/bin/env bash
# Benchmarks `principal audit` on real repositories against what the same facts cost with the
# usual tools (git log --numstat for churn and coupling, lizard for complexity, tokei for lines),
# side by side, and measures how soon index.html is interactive in headless Chromium. Not a
# test: run on a quiet machine and copy the figures into BENCHMARKS.md.
#
#   scripts/bench-audit.sh REPO [REPO...]        (work trees with history, e.g. a clone of git.git)
#   HTML_ONLY=DIR scripts/bench-audit.sh          (only the page timing, for an audit of DIR)
#
# Needs: hyperfine, git, lizard, tokei, chromium, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p principal
P=$PWD/target/release/principal
OUT=${OUT:-/tmp/principal-bench}
mkdir -p "$OUT"

# Milliseconds from navigation start to the end of the page's script (data-ready-ms), the
# median of five loads.
page_ready() {
  local html=$1 profile
  for _ in 1 2 3 4 5; do
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --window-size=1400,1000 \
      --virtual-time-budget=20000 --dump-dom "file://$html" 2>/dev/null |
      grep -o 'data-ready-ms="[0-9]*"' | grep -o '[0-9]*'
    rm -rf "$profile"
  done | sort -n | sed -n 3p
}

if [ -n "${HTML_ONLY:-}" ]; then
  dir=$(mktemp -d)
  "$P" audit "$HTML_ONLY" -q --no-history --out "$dir" > /dev/null
  files=$(grep -m1 -o '"files": [0-9]*' "$dir/report.json")
  echo "index.html for $HTML_ONLY ($files, $(du -h "$dir/index.html" | cut -f1)): ready in $(page_ready "$dir/index.html") ms"
  exit 0
fi

for repo in "$@"; do
  name=$(basename "$repo")
  commits=$(git -C "$repo" rev-list --count HEAD)
  echo "## $name ($commits commits)"
  cache=$(mktemp -d)
  out=$(mktemp -d)
  hyperfine --runs "${RUNS:-3}" -i --export-markdown "$OUT/audit-$name.md" \
    --prepare "rm -rf $cache" \
    -n "principal audit (cold: no caches)" "$P audit $repo -q --cache-dir $cache --out $out > /dev/null" \
    -n "git log --numstat -M (churn only)" "git -C $repo log --numstat -M > /dev/null" \
    -n "lizard -t 2 (complexity only)" "lizard -t 2 $repo > /dev/null" \
    -n "tokei (lines only)" "tokei $repo > /dev/null"
  "$P" audit "$repo" -q --cache-dir "$cache" --out "$out" > /dev/null
  hyperfine --warmup 1 --runs 5 --export-markdown "$OUT/audit-$name-warm.md" \
    -n "principal audit (warm, nothing changed)" "$P audit $repo -q --cache-dir $cache --out $out > /dev/null"
  rm -rf "$cache"
  { /usr/bin/time -f "%M KB peak, %e s wall, %U s user: principal audit (cold) of $name" \
      "$P" audit "$repo" -q --cache-dir "$cache" --out "$out" > /dev/null; } 2>&1 | tail -1 | tee -a "$OUT/audit-memory.txt"
  echo "index.html ($(du -h "$out/index.html" | cut -f1)): ready in $(page_ready "$out/index.html") ms"
  rm -rf "$cache" "$out"
done
