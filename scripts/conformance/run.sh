#!/usr/bin/env bash
# Conformance suite: run the real consumers of Principal's outputs on real repositories.
#
# Usage: scripts/conformance/run.sh [--bin PATH] [--keep] [--no-mcp-http] REPO...
#   --bin PATH      the principal binary (default: target/release/principal of this checkout)
#   --keep          keep the output directory (printed at the end); otherwise it is removed
#   --no-mcp-http   skip the streamable-HTTP MCP transport (stdio only)
# A scripted fixture (scripts/conformance/make_fixture.sh: rule violations, a planted fake AWS
# key, lockfiles) is always checked first, then each REPO.
# Prints "PASS consumer/what" or "FAIL consumer/what: message" per check (and INFO lines that
# never fail); exits 1 if anything failed.
#
# Consumers (install them with scripts/conformance/install.sh, idempotent):
#   pip install mcp jsonschema sarif-tools 'cyclonedx-python-lib[json-validation]'
#   npm i -g @microsoft/sarif-multitool      # self-contained linux .NET binary, no dotnet needed;
#                                            # run directly (its bin.js loses quoted "Sarif;Gh")
#   PUPPETEER_SKIP_DOWNLOAD=1 npm i -g @mermaid-js/mermaid-cli playwright-core
#   apt-get install -y graphviz chromium
#
# Checks:
#   mcp-stdio/*, mcp-http/*   official MCP Python SDK client (mcp_check.py): every tool, good and
#                             bad arguments, isError vs JSON-RPC errors, outputSchema and
#                             structuredContent (jsonschema), default answer size, HTTP DELETE
#   sarif-multitool/*         `validate --rule-kind "Sarif;Gh"` on check and secrets SARIF
#   sarif-tools/*             `sarif summary` on the same files
#   cyclonedx/*               JsonStrictValidator(1.5 / 1.6) on `deps --format cyclonedx`
#   dot/*                     `dot -Tsvg` on `map --format dot` at every --level (any stderr fails)
#   mermaid/*                 mmdc on `map --format mermaid` at every --level and on the
#                             ```mermaid blocks of the audit's REPORT.md
#   chromium/*                the audit's index.html in headless Chromium (playwright-core):
#                             JS errors, failed requests, each tab, unrendered Markdown
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="$ROOT/target/release/principal"
KEEP=0
MCP_TRANSPORT=both
REPOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --bin=*) BIN=${1#--bin=}; shift ;;
    --keep) KEEP=1; shift ;;
    --no-mcp-http) MCP_TRANSPORT=stdio; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) REPOS+=("$1"); shift ;;
  esac
done
if [ ! -x "$BIN" ]; then echo "FAIL setup/bin: $BIN is not an executable (use --bin PATH)"; exit 1; fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

OUT=$(mktemp -d "${TMPDIR:-/tmp}/principal-conformance.XXXXXX")
RESULTS="$OUT/results.txt"
: > "$RESULTS"
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$OUT"; }
trap cleanup EXIT

emit() { echo "$*" | tee -a "$RESULTS"; }
pass() { emit "PASS $1"; }
fail() { emit "FAIL $1: $(echo "$2" | tr '\n' ' ' | sed 's/  */ /g' | cut -c1-600)"; }
# Run a helper that prints PASS/FAIL lines itself.
lines() { "$@" 2>>"$OUT/helpers.stderr" | tee -a "$RESULTS"; }

# ---------------------------------------------------------------- which consumers are here
NPM_ROOT=$(npm root -g 2>/dev/null || echo /usr/lib/node_modules)
export NODE_PATH="$NPM_ROOT${NODE_PATH:+:$NODE_PATH}"
SARIF_MT="$NPM_ROOT/@microsoft/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
HINT="not installed: run scripts/conformance/install.sh"
ok_mcp=1; ok_sarif=1; ok_sariftools=1; ok_cdx=1; ok_dot=1; ok_mmdc=1; ok_page=1
python3 -c "import mcp, jsonschema" 2>/dev/null || { ok_mcp=0; fail "setup/mcp" "python packages mcp/jsonschema $HINT"; }
[ -x "$SARIF_MT" ] || { ok_sarif=0; fail "setup/sarif-multitool" "$SARIF_MT $HINT"; }
command -v sarif >/dev/null || { ok_sariftools=0; fail "setup/sarif-tools" "\`sarif\` $HINT"; }
python3 -c "import cyclonedx.validation.json" 2>/dev/null || { ok_cdx=0; fail "setup/cyclonedx" "cyclonedx-python-lib[json-validation] $HINT"; }
command -v dot >/dev/null || { ok_dot=0; fail "setup/graphviz" "\`dot\` $HINT"; }
{ command -v mmdc >/dev/null && [ -x /usr/bin/chromium ]; } || { ok_mmdc=0; fail "setup/mermaid-cli" "mmdc or /usr/bin/chromium $HINT"; }
{ [ -d "$NPM_ROOT/playwright-core" ] && [ -x /usr/bin/chromium ]; } || { ok_page=0; fail "setup/playwright-core" "playwright-core or /usr/bin/chromium $HINT"; }
PPCONF="$OUT/puppeteer.json"
echo '{"executablePath":"/usr/bin/chromium","args":["--no-sandbox","--disable-gpu"]}' > "$PPCONF"
echo "# principal: $BIN ($("$BIN" --version 2>&1))"
echo "# outputs: $OUT"

# ---------------------------------------------------------------- helpers
sarif_run() {  # label repo subcommand expect-results
  local label=$1 repo=$2 sub=$3 expect=$4 f="$OUT/$1.$3.sarif" rc
  timeout 1200 "$BIN" "$sub" -q "$repo" --format sarif > "$f" 2> "$f.stderr"; rc=$?
  if [ $rc -gt 1 ]; then fail "principal/$label/$sub-sarif" "exit $rc: $(tail -c 300 "$f.stderr")"; return; fi
  local args=(--label "$sub/$label")
  [ "$expect" = 1 ] && args+=(--expect-results)
  if [ $ok_sarif = 1 ] && [ $ok_sariftools = 1 ]; then
    lines python3 "$HERE/sarif_check.py" --multitool "$SARIF_MT" "${args[@]}" "$f"
  fi
}

mmdc_one() {  # what file.mmd
  local what=$1 in=$2 svg="${2%.mmd}.svg" err
  err=$(timeout 300 mmdc -q -p "$PPCONF" -i "$in" -o "$svg" 2>&1); local rc=$?
  if [ $rc -ne 0 ]; then fail "mermaid/$what" "mmdc exit $rc: $(echo "$err" | grep -v '^\s*at ' | head -c 400)"
  elif [ ! -s "$svg" ]; then fail "mermaid/$what" "mmdc wrote no SVG"
  elif grep -q -e 'Syntax error in' -e 'Maximum text size' -e 'Too many edges' -e 'aria-roledescription="error"' "$svg"; then
    fail "mermaid/$what" "mmdc rendered an error diagram: $(grep -o -e 'Syntax error in[^<]*' -e 'Maximum text size[^<]*' -e 'Too many edges[^<]*' "$svg" | head -1)"
  elif [ -n "$(echo "$err" | grep -iv '^$')" ]; then fail "mermaid/$what" "mmdc stderr: $(echo "$err" | head -c 400)"
  else pass "mermaid/$what"; fi
}

check_repo() {  # label repo is-fixture
  local label=$1 repo=$2 fixture=$3 rc lvl
  echo "# --- $label: $repo"
  # SARIF: check needs a principal.toml; without one it still must emit a valid (empty) log.
  sarif_run "$label" "$repo" check "$fixture"
  sarif_run "$label" "$repo" secrets "$fixture"

  # CycloneDX
  local cdx="$OUT/$label.cdx.json"
  timeout 1200 "$BIN" deps -q "$repo" --format cyclonedx > "$cdx" 2> "$cdx.stderr"; rc=$?
  if [ $rc -gt 1 ]; then fail "principal/$label/deps-cyclonedx" "exit $rc: $(tail -c 300 "$cdx.stderr")"
  elif [ $ok_cdx = 1 ]; then
    local a=(--label "$label"); [ "$fixture" = 1 ] && a+=(--expect-components)
    lines python3 "$HERE/cyclonedx_check.py" "${a[@]}" "$cdx"
  fi

  # DOT and Mermaid from `map`, at every level.
  for lvl in file dir component; do
    local base="$OUT/$label.map-$lvl"
    timeout 1200 "$BIN" map -q "$repo" --level "$lvl" --format dot > "$base.dot" 2> "$base.dot.stderr"; rc=$?
    if [ $rc -ne 0 ]; then fail "principal/$label/map-$lvl-dot" "exit $rc: $(tail -c 300 "$base.dot.stderr")"
    elif [ $ok_dot = 1 ]; then
      local err; err=$(timeout 600 dot -Tsvg "$base.dot" -o "$base.dot.svg" 2>&1); rc=$?
      if [ $rc -ne 0 ] || [ -n "$err" ]; then fail "dot/$label/map-$lvl" "dot exit $rc: $(echo "$err" | sort | uniq -c | sort -rn | head -5 | tr '\n' ';')"
      else pass "dot/$label/map-$lvl"; fi
    fi
    timeout 1200 "$BIN" map -q "$repo" --level "$lvl" --format mermaid > "$base.mmd" 2> "$base.mmd.stderr"; rc=$?
    if [ $rc -ne 0 ]; then fail "principal/$label/map-$lvl-mermaid" "exit $rc: $(tail -c 300 "$base.mmd.stderr")"
    elif [ $ok_mmdc = 1 ]; then mmdc_one "$label/map-$lvl" "$base.mmd"; fi
  done

  # The audit: REPORT.md's Mermaid blocks and index.html in a browser.
  local aud="$OUT/$label.audit"
  timeout 1800 "$BIN" audit -q "$repo" --out "$aud" > "$aud.stdout" 2> "$aud.stderr"; rc=$?
  if [ ! -f "$aud/index.html" ] || [ ! -f "$aud/REPORT.md" ]; then
    fail "principal/$label/audit" "exit $rc, no index.html/REPORT.md: $(tail -c 300 "$aud.stderr")"
  else
    if [ $ok_mmdc = 1 ]; then
      local n
      n=$(python3 - "$aud/REPORT.md" "$aud/report-mermaid" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
os.makedirs(sys.argv[2], exist_ok=True)
blocks = re.findall(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", text, re.S | re.M)
for i, b in enumerate(blocks):
    open(os.path.join(sys.argv[2], f"block{i + 1}.mmd"), "w", encoding="utf-8").write(b)
print(len(blocks))
PY
)
      if [ "$n" = 0 ]; then echo "INFO mermaid/$label/report-md: REPORT.md has no mermaid block" | tee -a "$RESULTS"; fi
      for f in "$aud/report-mermaid"/*.mmd; do
        [ -e "$f" ] || continue
        mmdc_one "$label/report-md-$(basename "$f" .mmd)" "$f"
      done
    fi
    if [ $ok_page = 1 ]; then
      lines timeout 600 node "$HERE/page_check.js" "$label" "$aud/index.html" "$OUT/$label.index.png"
    fi
  fi

  # MCP: the official SDK client, stdio and streamable HTTP.
  if [ $ok_mcp = 1 ]; then
    lines timeout 1800 python3 "$HERE/mcp_check.py" --bin "$BIN" --repo "$repo" --label "/$label" --transport "$MCP_TRANSPORT"
  fi
}

# ---------------------------------------------------------------- run
bash "$HERE/make_fixture.sh" "$OUT/fixture" > "$OUT/fixture.log" 2>&1 || { fail "setup/fixture" "$(tail -c 300 "$OUT/fixture.log")"; }
[ -d "$OUT/fixture" ] && check_repo fixture "$OUT/fixture" 1
for r in ${REPOS[@]+"${REPOS[@]}"}; do
  if [ ! -d "$r" ]; then fail "setup/repo" "$r is not a directory"; continue; fi
  r=$(cd "$r" && pwd)
  check_repo "$(basename "$r")" "$r" 0
done

npass=$(grep -c '^PASS ' "$RESULTS"); nfail=$(grep -c '^FAIL ' "$RESULTS")
echo "# conformance: $npass passed, $nfail failed"
[ "$KEEP" = 1 ] && echo "# kept: $OUT"
[ "$nfail" = 0 ]
