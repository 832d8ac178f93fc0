#!/usr/bin/env bash
# Benchmarks `principal scan` side by side with tokei, lizard and rust-code-analysis-cli on real
# corpora (see ../shared/CORPORA.md), plus the parse-and-walk floor. Not a test: run it on a quiet
# machine and copy the figures into BENCHMARKS.md.
#
#   scripts/bench.sh [OUT_DIR]
#
# Needs: hyperfine, tokei, lizard, rust-code-analysis-cli, GNU time; the corpora below.
# Principal runs with --include-vendored so that every tool reads the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/principal-bench}
mkdir -p "$OUT"
CPY=${CPYTHON_LIB:-$(pyenv root)/versions/3.12.1/lib/python3.12}
GOSRC=${GO_SRC:-/usr/share/go-1.19/src}
RUNS=${RUNS:-3}

cargo build --release -q -p principal -p principal-lang --example parse_floor
P=$PWD/target/release/principal
FLOOR=$PWD/target/release/examples/parse_floor

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); $(date -u +%F)" | tee "$OUT/machine.txt"
tokei --version | tee -a "$OUT/machine.txt"
lizard --version | sed 's/^/lizard /' | tee -a "$OUT/machine.txt"
rust-code-analysis-cli --version | tee -a "$OUT/machine.txt"

bench_corpus() {
  local name=$1 dir=$2 ext=$3
  echo "## $name ($dir)"
  "$FLOOR" "$dir" "$ext" | tee "$OUT/$name-floor.txt"
  hyperfine --warmup 1 --runs "$RUNS" --ignore-failure --export-markdown "$OUT/$name.md" --export-json "$OUT/$name.json" \
    -n "principal scan (cold, --no-cache)" "$P scan $dir --no-cache -q --format json --include-vendored > /dev/null" \
    -n "tokei (lines only)" "tokei $dir > /dev/null" \
    -n "lizard -t 2 (complexity)" "lizard -t 2 $dir > /dev/null" \
    -n "rust-code-analysis-cli -m (2 threads)" "rust-code-analysis-cli -m -O json -j 2 -p $dir > /dev/null"
  for tool in "$P scan $dir --no-cache -q --format json --include-vendored" "tokei $dir" "lizard -t 2 $dir" "rust-code-analysis-cli -m -O json -j 2 -p $dir"; do
    # lizard exits 1 when it prints warnings; the figure is still good.
    { /usr/bin/time -f "%M KB peak, %e s: $tool" bash -c "$tool > /dev/null" || true; } 2>&1 | tail -1
  done | tee "$OUT/$name-memory.txt"
}

bench_corpus cpython "$CPY" py
bench_corpus go "$GOSRC" go

# Warm re-scan after changing one file, against tokei on the same tree.
WORK=$(mktemp -d)
cp -r "$CPY" "$WORK/lib"
export PRINCIPAL_CACHE_DIR="$WORK/cache"
"$P" scan "$WORK/lib" -q > /dev/null
hyperfine --warmup 1 --runs 10 --export-markdown "$OUT/warm.md" \
  --prepare "echo '# edit' \$RANDOM >> $WORK/lib/os.py" \
  -n "principal scan (warm, one file changed)" "$P scan $WORK/lib -q --format json > /dev/null" \
  -n "tokei" "tokei $WORK/lib > /dev/null"
rm -rf "$WORK"
echo "results in $OUT"
