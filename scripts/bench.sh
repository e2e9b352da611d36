#!/usr/bin/env bash
# The benchmark, on demand (npm run bench; not part of npm test): builds the
# package, installs the pinned n8n if needed, and runs bench/run.mjs, which
# writes bench/results/latest.md and latest.svg. BENCH_RUNS (runs per runner),
# BENCH_SIZES (inventory device counts) and BENCH_ONLY (scenario keys) make
# shorter runs; see the README's Performance section.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install
fi
npm run build >/dev/null
bash scripts/n8n-install.sh >/dev/null
node bench/run.mjs
