#!/usr/bin/env bash
# Installs the pinned n8n once into a git-ignored cache folder (never shipped:
# package.json "files" is only dist/) and reuses it on the next run.
#
#   scripts/n8n-install.sh          install if needed, then print the n8n binary's path
#   N8N_CACHE_DIR=/some/dir ...     use another cache folder (default: <repo>/.n8n-cache)
#
# Why it is not a plain `npm install n8n`: under Node 24 the install scripts of
# some optional dependencies (e.g. @confluentinc/kafka-javascript) try to
# download prebuilt binaries from outside the npm registry and fail. So the
# install runs with --ignore-scripts and then rebuilds only the native addon
# n8n needs to start: sqlite3 (its database), built from source against Node
# 24's headers (scripts/node24.sh exports npm_config_nodedir).
# The first run takes about 6 minutes and 2.9 GB; a marker file written only
# after everything succeeded makes later runs instant.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo_root/scripts/node24.sh"

N8N_VERSION=2.41.1
cache_dir=${N8N_CACHE_DIR:-$repo_root/.n8n-cache}
install_dir="$cache_dir/n8n-$N8N_VERSION"
marker="$install_dir/.install-complete"
n8n_bin="$install_dir/node_modules/n8n/bin/n8n"

log() { echo "[n8n-install] $*" >&2; }

mkdir -p "$cache_dir"
# One installer at a time (start.sh and the e2e tests may both call this).
# macOS has no flock(1): there the lock is skipped.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_dir/.install.lock"
  flock 9
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
expected_marker="n8n@$N8N_VERSION node-major=$node_major"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$expected_marker" ] && [ -x "$n8n_bin" ]; then
  echo "$n8n_bin"
  exit 0
fi

log "installing n8n@$N8N_VERSION into $install_dir (first time: about 6 minutes)"
started=$(date +%s)
rm -rf "$install_dir"
mkdir -p "$install_dir"
cat >"$install_dir/package.json" <<EOF
{ "name": "n8n-local-install", "private": true, "dependencies": { "n8n": "$N8N_VERSION" } }
EOF
# --ignore-scripts: see above. --no-package-lock keeps the folder simple; the
# version of n8n itself is pinned exactly.
(cd "$install_dir" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund \
  --loglevel=error >&2)

log "building sqlite3 for Node $(node -v) (headers: ${npm_config_nodedir:-machine default})"
# --build-from-source: no attempt to download a prebuilt binary (no network
# outside the registry); node-gyp uses npm_config_nodedir, so no download either.
(cd "$install_dir" && npm rebuild sqlite3 --build-from-source --loglevel=error >&2)

# Check that the addon loads under this Node before declaring success.
(cd "$install_dir" && node -e '
const path = require("node:path");
const n8nDir = path.dirname(require.resolve("n8n/package.json"));
const sqlite3 = require(require.resolve("sqlite3", { paths: [n8nDir] }));
const db = new sqlite3.Database(":memory:");
db.get("select 1 as ok", (err, row) => { if (err || row.ok !== 1) { console.error(err); process.exit(1); } db.close(); });
') || { log "sqlite3 does not load under $(node -v)"; exit 1; }

echo "$expected_marker" >"$marker"
log "done in $(( $(date +%s) - started )) s"
echo "$n8n_bin"
