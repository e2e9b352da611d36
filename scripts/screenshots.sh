#!/usr/bin/env bash
# Takes the README's screenshots anew (each node's panel and each example
# workflow in the n8n editor) into examples/screenshots/, with shown.json (what
# each shows, which every test run compares with what the editor shows).
# Builds the package, installs n8n and Chromium when missing, and runs the
# editor's browser tests against a main job of its own on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
npm run build
bash scripts/n8n-install.sh >/dev/null
CHROMIUM_PATH=$(bash scripts/chromium.sh)
export CHROMIUM_PATH
UPDATE_SCREENSHOTS=1 npx jest -c jest.e2e.config.js test/e2e/editor.e2e.test.ts
echo "screenshots: examples/screenshots/ (commit them with shown.json)"
