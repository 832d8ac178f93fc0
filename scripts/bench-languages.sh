#!/usr/bin/env bash
# Scan speed per language added through the registry, side by side with lizard on the same files
# (issue 16: at least 3x faster than `lizard -t 2`). Not a test: copy the figures into
# BENCHMARKS.md.
#
#   LANG_CORPORA="php=/tmp/corpora/php ruby=/tmp/corpora/ruby" RUNS=3 scripts/bench-languages.sh
#
# Each corpus is a folder holding only that language's files (the `.php` or `.rb` files of a few
# fetched repositories, copied with their paths). Needs hyperfine and lizard.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
cargo build --release -q -p principal
P=$PWD/target/release/principal
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); $(date -u +%F); lizard $(lizard --version)"
for pair in ${LANG_CORPORA:?set LANG_CORPORA=\"lang=dir ...\"}; do
  lang=${pair%%=*}
  dir=${pair#*=}
  bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  files=$(find "$dir" -type f | wc -l)
  echo "## $lang: $files files, $bytes bytes ($dir)"
  hyperfine --warmup 1 --runs "$RUNS" --ignore-failure \
    -n "principal scan (cold)" "$P scan $dir --no-cache -q --format json --include-vendored > /dev/null" \
    -n "lizard -t 2 -l $lang" "lizard -t 2 -l $lang $dir > /dev/null"
done
