#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Node 24
# included when the machine's node is older), builds, lints source and packed
# tarball like n8n's package scanner, type-checks, runs the unit and
# in-process workflow tests against the vendor sandbox, then the end-to-end
# tests inside a real n8n (2.41.1, and the last 1.x line for some of them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies"
  # Neither command rewrites package-lock.json: a fresh clone gets exactly the
  # lockfile (npm ci); an existing node_modules is brought up to date in place.
  if [ -d node_modules ]; then npm install --no-save; else npm ci; fi
  touch node_modules/.package-lock.json
fi

echo "== build, and pack the all-in-one and the per-vendor packages into build/packages/"
npm run pack:vendors

echo "== lint (source and packed tarball)"
npm run lint

echo "== n8n-node lint (n8n's node CLI, default eslint.config.mjs)"
npx n8n-node lint

echo "== n8n Cloud eligibility (n8n-node cloud-support) of the all-in-one and each per-vendor package's source folder"
for dir in . packages/*/; do
  status=$(cd "$dir" && npx n8n-node cloud-support 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
  name=$(node -p "require('./$dir/package.json').name")
  if grep -q 'Status: eligible' <<<"$status"; then
    echo "$name: eligible for n8n Cloud verification"
  else
    echo "$status"
    echo "$name: NOT eligible for n8n Cloud verification (n8n.strict must be true and ${dir%/}/eslint.config.mjs n8n's default)"
    exit 1
  fi
  # n8n's default config in a per-vendor folder lints its package.json.
  if [ "$dir" != . ]; then (cd "$dir" && npx n8n-node lint >/dev/null); fi
done

echo "== type check (tests included)"
npx tsc -p tsconfig.test.json

echo "== every tarball: the package scanner's analysis, what it loads, what it ships"
node scripts/check-package.mjs

echo "== unit and in-process workflow tests (vendor sandbox over loopback HTTP)"
mkdir -p .tooling
rm -f .tooling/jest-results.json .tooling/jest-memory-results.json .tooling/jest-e2e-results.json
set +e
npx jest --json --outputFile=.tooling/jest-results.json "$@"
unit_status=$?
# The memory tests read the process's peak RSS: a fresh process of their own (jest.memory.config.js).
npx jest -c jest.memory.config.js --runInBand --json --outputFile=.tooling/jest-memory-results.json
memory_status=$?
set -e

echo "== end-to-end tests in a real n8n (installs each tested n8n into .n8n-cache/ the first time, about 8 minutes each, progress every 30 s)"
# 2.41.1 runs every e2e test; the last 1.x line runs the example workflows and the OAuth2 refresh (scripts/n8n-local.js).
for version in $(node -p 'require("./scripts/n8n-local.js").TESTED_N8N_VERSIONS.join(" ")'); do
  N8N_VERSION=$version bash scripts/n8n-install.sh >/dev/null
done
# Queue-mode e2e tests (test/e2e/queue.e2e.test.ts): Debian's postgresql and redis-server, installed when missing.
bash scripts/queue-install.sh >/dev/null
# The editor tests drive Debian's chromium (installed with apt-get when missing).
CHROMIUM_PATH=$(bash scripts/chromium.sh)
export CHROMIUM_PATH
set +e
npx jest -c jest.e2e.config.js --json --outputFile=.tooling/jest-e2e-results.json
e2e_status=$?
set -e

UNIT_STATUS=$unit_status MEMORY_STATUS=$memory_status E2E_STATUS=$e2e_status node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const file of [".tooling/jest-results.json", ".tooling/jest-memory-results.json", ".tooling/jest-e2e-results.json"]) {
  if (!fs.existsSync(file)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}
// A run that failed outside any test (e.g. the secret scan at teardown) counts as one failure.
if (failed === 0 && [process.env.UNIT_STATUS, process.env.MEMORY_STATUS, process.env.E2E_STATUS].some((status) => status !== "0")) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
'
[ "$unit_status" -eq 0 ] && [ "$memory_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
