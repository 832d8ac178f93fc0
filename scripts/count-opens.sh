#!/usr/bin/env bash
# How often `principal audit` opens each file of the analysed tree (issue 12: one read).
# Usage: scripts/count-opens.sh [BINARY] [REPO]   (defaults: target/release/principal, .)
# Prints the number of files opened and those opened more than once. Needs strace.
set -euo pipefail
bin=${1:-target/release/principal}
repo=$(cd "${2:-.}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strace -f -e trace=openat -o "$tmp/trace" "$bin" -q audit "$repo" --out "$tmp/report" --no-cache >/dev/null 2>&1 || true
python3 - "$tmp/trace" "$repo/" <<'PY'
import collections, re, sys
trace, root = sys.argv[1], sys.argv[2]
opens = collections.Counter()
for line in open(trace):
    m = re.search(r'openat\(AT_FDCWD, "([^"]+)", ([^)]*)\)\s*=\s*(-?\d+)', line)
    if not m or int(m.group(3)) < 0 or 'O_DIRECTORY' in m.group(2):
        continue
    p = m.group(1)
    if p.startswith(root) and '/.git/' not in p:
        opens[p] += 1
multi = {p: c for p, c in opens.items() if c > 1}
print(f"files opened: {len(opens)}; opened more than once: {len(multi)}; opens in all: {sum(opens.values())}")
for p, c in sorted(multi.items())[:20]:
    print(f"  {c}x {p[len(root):]}")
PY
