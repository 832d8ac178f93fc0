#!/usr/bin/env bash
# Before/after for issue 12 (one read of the tree): `principal audit` of one repository by two
# builds, side by side in one run, cold (--no-cache; history from its cache, warmed first) and
# warm, with peak memory and the number of files opened more than once. Not a test.
#
#   scripts/bench-engine.sh BEFORE_BINARY AFTER_BINARY REPO [RUNS]
#
# Needs: GNU time, strace, python3.
set -euo pipefail
before=$1 after=$2 repo=$3 runs=${4:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PRINCIPAL_CACHE_DIR="$out/cache"
# Warm the history caches of both builds (the commit cache is shared), so that "cold" measures
# the tree: the scan and the secret scan.
"$before" -q audit "$repo" --out "$out/r" > /dev/null
"$after" -q audit "$repo" --out "$out/r" > /dev/null
for label in before after; do
  bin=${!label}
  for mode in cold warm; do
    flag=""; [ "$mode" = cold ] && flag="--no-cache"
    best=""
    for _ in $(seq "$runs"); do
      /usr/bin/time -f "%e %M" -o "$out/t" "$bin" -q audit "$repo" --out "$out/r" $flag > /dev/null
      read -r secs kb < "$out/t"
      echo "$label $mode run: ${secs}s ${kb}KB"
      if [ -z "$best" ] || awk "BEGIN{exit !($secs < ${best%% *})}"; then best="$secs $kb"; fi
    done
    echo "$label $mode best: ${best% *} s, peak $(( ${best#* } / 1024 )) MB"
  done
  echo "$label opens: $("$(dirname "$0")/count-opens.sh" "$bin" "$repo" | head -1)"
done
