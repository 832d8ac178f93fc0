#!/usr/bin/env bash
# Install the real consumers that scripts/conformance/run.sh runs against Principal's outputs.
# Idempotent: each step is skipped when its tool is already there (a second run takes seconds).
#
#   pip install mcp jsonschema sarif-tools 'cyclonedx-python-lib[json-validation]'
#   npm i -g @microsoft/sarif-multitool          # ships a self-contained linux-x64 .NET binary
#                                                # (@microsoft/sarif-multitool-linux): no dotnet needed
#   PUPPETEER_SKIP_DOWNLOAD=1 npm i -g @mermaid-js/mermaid-cli playwright-core
#   apt-get install -y graphviz chromium         # dot; the browser mmdc and playwright-core drive
set -eu
have_py() { python3 -c "import $1" 2>/dev/null; }
NPM_ROOT=$(npm root -g 2>/dev/null || echo /usr/lib/node_modules)

if ! have_py mcp || ! have_py jsonschema || ! have_py cyclonedx.validation.json || ! command -v sarif >/dev/null; then
  echo "== pip: mcp jsonschema sarif-tools cyclonedx-python-lib[json-validation]"
  python3 -m pip install -q mcp jsonschema sarif-tools 'cyclonedx-python-lib[json-validation]'
fi

need_apt=()
command -v dot >/dev/null || need_apt+=(graphviz)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

SM="$NPM_ROOT/@microsoft/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -e "$SM" ]; then
  echo "== npm: @microsoft/sarif-multitool"
  npm i -g --no-fund --no-audit @microsoft/sarif-multitool
fi
# npm may skip the package's postinstall (chmod u+x): do it here.
[ -e "$SM" ] && chmod u+x "$SM"

if ! command -v mmdc >/dev/null || [ ! -d "$NPM_ROOT/playwright-core" ]; then
  echo "== npm: @mermaid-js/mermaid-cli playwright-core (no browser download: /usr/bin/chromium is used)"
  PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm i -g --no-fund --no-audit @mermaid-js/mermaid-cli playwright-core
fi
echo "conformance consumers installed"
