#!/usr/bin/env bash
# Installs a pinned n8n once into a git-ignored cache folder (never shipped:
# package.json "files" is only dist/) and reuses it on the next run.
#
#   scripts/n8n-install.sh          install if needed, then print the n8n binary's path
#   N8N_VERSION=1.123.81 ...        another exact n8n version (default 2.41.1), in its
#                                   own folder <cache>/n8n-<version>
#   N8N_CACHE_DIR=/some/dir ...     use another cache folder (default: <repo>/.n8n-cache)
#
# Why it is not a plain `npm install n8n`: under Node 24 the install scripts of
# some optional dependencies (e.g. @confluentinc/kafka-javascript) try to
# download prebuilt binaries from outside the npm registry and fail. So the
# install runs with --ignore-scripts and then rebuilds only the native addons
# n8n needs to start: sqlite3 (its database), built from source against Node
# 24's headers (scripts/node24.sh exports npm_config_nodedir), and isolated-vm
# when the binary it ships does not load under this Node (n8n 1.x).
# n8n 1.x also depends on `xlsx` by a URL outside the npm registry: there the
# install folder's package.json overrides it with the registry's xlsx 0.18.5.
# The first run takes about 8 minutes and 2.9 GB (a line every 30 s shows
# it is still going); a marker file written only after everything succeeded
# makes later runs instant.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo_root/scripts/node24.sh"

N8N_VERSION=${N8N_VERSION:-2.41.1}
cache_dir=${N8N_CACHE_DIR:-$repo_root/.n8n-cache}
install_dir="$cache_dir/n8n-$N8N_VERSION"
marker="$install_dir/.install-complete"
n8n_bin="$install_dir/node_modules/n8n/bin/n8n"

log() { echo "[n8n-install] $*" >&2; }

mkdir -p "$cache_dir"
# One installer per version at a time (start.sh and the e2e tests may both
# call this); installing one version does not hold up the use of another.
# macOS has no flock(1): there the lock is skipped.
if command -v flock >/dev/null 2>&1; then
  lock_file="$cache_dir/.install.lock"
  [ "$N8N_VERSION" = 2.41.1 ] || lock_file="$cache_dir/.install-$N8N_VERSION.lock"
  exec 9>"$lock_file"
  flock 9
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
expected_marker="n8n@$N8N_VERSION node-major=$node_major"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$expected_marker" ] && [ -x "$n8n_bin" ]; then
  echo "$n8n_bin"
  exit 0
fi

log "installing n8n@$N8N_VERSION into $install_dir (first time: about 8 minutes)"
started=$(date +%s)
elapsed() { echo "$(( $(date +%s) - started )) s"; }

# npm works quietly for minutes: a progress line on stderr every 30 s, one
# per step, stopped when the step ends.
source "$repo_root/scripts/progress.sh"
trap progress_stop EXIT

if [ -e "$install_dir" ]; then
  log "removing the unfinished install left in $install_dir (minutes on a busy disk)"
  rm -rf "$install_dir"
fi
mkdir -p "$install_dir"
overrides=''
case "$N8N_VERSION" in 1.*) overrides=', "overrides": { "xlsx": "0.18.5" }' ;; esac
cat >"$install_dir/package.json" <<JSON
{ "name": "n8n-local-install", "private": true, "dependencies": { "n8n": "$N8N_VERSION" }$overrides }
JSON
# --ignore-scripts: see above. --no-package-lock keeps the folder simple; the
# version of n8n itself is pinned exactly.
progress_start "[n8n-install]" "installing n8n@$N8N_VERSION's packages" "$install_dir/node_modules"
(cd "$install_dir" && npm install --ignore-scripts --no-package-lock --no-audit --no-fund \
  --loglevel=error >&2)
progress_stop
log "packages installed after $(elapsed)"

# Whether a native addon loads under this Node, required from n8n's own folder.
addon_loads() {
  (cd "$install_dir" && node -e '
const path = require("node:path");
const n8nDir = path.dirname(require.resolve("n8n/package.json"));
require(require.resolve(process.argv[1], { paths: [n8nDir] }));
' "$1") >/dev/null 2>&1
}
addons=sqlite3
if [ -d "$install_dir/node_modules/isolated-vm" ] && ! addon_loads isolated-vm; then
  addons="$addons isolated-vm"
fi

log "building $addons for Node $(node -v) (headers: ${npm_config_nodedir:-machine default})"
# --build-from-source: no attempt to download a prebuilt binary (no network
# outside the registry); node-gyp uses npm_config_nodedir, so no download either.
progress_start "[n8n-install]" "building $addons"
# shellcheck disable=SC2086
(cd "$install_dir" && npm rebuild $addons --build-from-source --loglevel=error >&2)
progress_stop

# Check that the addons load under this Node before declaring success.
(cd "$install_dir" && node -e '
const path = require("node:path");
const n8nDir = path.dirname(require.resolve("n8n/package.json"));
const sqlite3 = require(require.resolve("sqlite3", { paths: [n8nDir] }));
const db = new sqlite3.Database(":memory:");
db.get("select 1 as ok", (err, row) => { if (err || row.ok !== 1) { console.error(err); process.exit(1); } db.close(); });
') || { log "sqlite3 does not load under $(node -v)"; exit 1; }
if [ -d "$install_dir/node_modules/isolated-vm" ] && ! addon_loads isolated-vm; then
  log "isolated-vm does not load under $(node -v)"
  exit 1
fi

echo "$expected_marker" >"$marker"
log "done in $(elapsed)"
echo "$n8n_bin"
