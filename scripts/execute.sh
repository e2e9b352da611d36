#!/usr/bin/env bash
# Runs one workflow of the local instance headless (`n8n execute`) with Node 24
# and the instance's user folder: see scripts/execute.js.
#   ./scripts/execute.sh examples/firmware-compliance-alert.json
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
exec node scripts/execute.js "$@"
