#!/usr/bin/env bash
# Regenerates the lizard and tokei sidecars of the oracle fixtures.
# Needs: pip install lizard==1.24.3; cargo install tokei --version 15.0.0
set -euo pipefail
cd "$(dirname "$0")/../crates/principal-lang/tests/fixtures"
for f in *; do
  case "$f" in *.csv | *.json | *.md) continue ;; esac
  lizard --csv "$f" > "$f.lizard.csv"
  tokei --output json "$f" | python3 -c '
import json, sys
def summ(s):
    c, m, b = s["code"], s["comments"], s["blanks"]
    for child in s.get("blobs", {}).values():
        c2, m2, b2 = summ(child); c += c2; m += m2; b += b2
    return c, m, b
for lang, v in json.load(sys.stdin).items():
    if lang == "Total": continue
    for r in v["reports"]:
        c, m, b = summ(r["stats"])
        print(json.dumps({"tokei_language": lang, "code": c, "comments": m, "blanks": b}))
' > "$f.tokei.json"
done
