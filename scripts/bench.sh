#!/usr/bin/env bash
# The benchmark, on demand (npm run bench): builds the package, installs the
# pinned n8n if needed, and runs bench/run.mjs. BENCH_RUNS and BENCH_SIZES
# (comma-separated device counts) make quicker runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install
fi
npm run build >/dev/null
bash scripts/n8n-install.sh >/dev/null
node bench/run.mjs
