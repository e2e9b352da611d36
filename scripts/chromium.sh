#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests and screenshots,
# installing Debian's `chromium` package with apt-get when none is found.
#   CHROMIUM_PATH=/path/to/chrome scripts/chromium.sh   use that browser instead
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" chromium chromium-browser google-chrome google-chrome-stable \
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    [ -n "$candidate" ] || continue
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}

if find_chromium; then exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "[chromium] installing Debian's chromium with apt-get (once)" >&2
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >&2
  find_chromium && exit 0
fi
echo "[chromium] no Chromium found: install chromium (or Google Chrome) or set CHROMIUM_PATH" >&2
exit 1
