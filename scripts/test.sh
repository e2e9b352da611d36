#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Node 24
# included when the machine's node is older), builds, lints source and packed
# tarball like n8n's package scanner, type-checks, runs the unit and
# in-process workflow tests against the vendor sandbox, then the end-to-end
# tests inside a real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies"
  npm ci
fi

echo "== build"
npm run build

echo "== lint (source and packed tarball)"
npm run lint

echo "== type check (tests included)"
npx tsc -p tsconfig.test.json

echo "== package contents"
node scripts/check-package.mjs

echo "== unit and in-process workflow tests"
mkdir -p .tooling
set +e
npx jest --json --outputFile=.tooling/jest-results.json "$@"
jest_status=$?
set -e
node -e '
const r = require("./.tooling/jest-results.json");
console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
'
exit $jest_status
