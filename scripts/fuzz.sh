#!/usr/bin/env bash
# The fuzz campaign (issue 13): every parser of user-supplied text, coverage-guided with
# cargo-fuzz (libFuzzer) on the nightly toolchain. Each target runs SECONDS (default 600) with
# one job; a crash stops that target, and its input is minimised into fuzz/regressions/<target>/,
# which `cargo test` replays (crates/principal-engine/tests/fuzz_regressions.rs). Prints one
# line per target for EVALUATION.md: executions, coverage, corpus size, crashes.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (needs: cargo install cargo-fuzz; rustup nightly)
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(manifests lockfiles config scenario osv mailmap source)
mkdir -p logs
for t in "${targets[@]}"; do cargo +nightly fuzz build -O "$t" || exit 1; done
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "regressions/$t"
  log="logs/$t.log"
  cargo +nightly fuzz run -O "$t" "corpus/$t" "regressions/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 -timeout=30 -print_final_stats=1 > "$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  crashes=0
  for a in artifacts/"$t"/crash-* artifacts/"$t"/oom-* artifacts/"$t"/timeout-*; do
    [ -e "$a" ] || continue
    crashes=$((crashes + 1))
    out="regressions/$t/$(basename "$a")"
    cargo +nightly fuzz tmin -O "$t" "$a" -- -runs=2000 > "logs/$t.tmin.log" 2>&1 || true
    min=$(grep -o 'artifacts/[^ ]*minimized-from[^ ]*' "logs/$t.tmin.log" | tail -1)
    cp "${min:-$a}" "$out"
  done
  echo "$t: ${secs}s, ${execs:-?} executions, cov ${cov:-?}, corpus $(ls "corpus/$t" | wc -l), exit $status, crashes $crashes"
done
