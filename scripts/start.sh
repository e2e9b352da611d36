#!/usr/bin/env bash
# n8n 2.41.1 at http://localhost:5678 with this package, the vendor sandbox,
# one credential per system pointing at the sandbox, and the example workflows.
#
#   ./scripts/start.sh [--port 5678] [--sandbox-port 5680]      (npm start -- --port ... works too)
#   ./scripts/start.sh --queue [--workers 2]   n8n's queue mode: PostgreSQL, Redis, main + workers
#
# Builds the package first, so re-running it after a code change picks the
# change up. The first run also installs n8n into .n8n-cache/ (about 8
# minutes); later runs reuse it. --queue also installs Debian's postgresql and
# redis-server when missing (scripts/queue-install.sh) and keeps their data in
# .queue/. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

# A port that is taken fails the start at once, before anything is installed
# (checked again under Node 24 just before n8n starts). With the machine's
# Node when it can run the check (18 or later), else once Node 24 is there.
for arg in "$@"; do
  case "$arg" in -h | --help) sed -n 's/^#   //p' "$0"; exit 0 ;; esac
done
early_check=false
if node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null; then
  node scripts/start.js --check-ports "$@"
  early_check=true
fi
source scripts/node24.sh
$early_check || node scripts/start.js --check-ports "$@"
source scripts/progress.sh
trap progress_stop EXIT

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[start] installing the project's dependencies (1 to 3 minutes the first time; a line every 30 s)"
  progress_start "[start]" "installing dependencies" node_modules
  # Neither command rewrites package-lock.json: a fresh clone gets exactly the
  # lockfile (npm ci); an existing node_modules is brought up to date in place.
  if [ -d node_modules ]; then npm install --no-save --no-audit --no-fund; else npm ci --no-audit --no-fund; fi
  progress_stop
  touch node_modules/.package-lock.json
fi

echo "[start] building the package"
if ! build_log=$(npm run build 2>&1); then
  echo "$build_log"
  echo "[start] the build failed" >&2
  exit 1
fi

echo "[start] n8n: $(bash scripts/n8n-install.sh)"

exec node scripts/start.js "$@"
