#!/usr/bin/env bash
# Installs PostgreSQL and Redis from Debian's packages when they are missing
# (queue mode: `./scripts/start.sh --queue` and the queue-mode e2e tests), and
# prints two lines: PostgreSQL's bin folder and the redis-server binary.
#
# Only the packages are used: the system services are left alone; the project
# starts private instances on free loopback ports (scripts/queue-mode.js).
# Runs apt-get as root, or through sudo when it is there; otherwise says what
# to install.
set -euo pipefail

log() { echo "[queue-install] $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

installed() { [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] && command -v redis-server >/dev/null; }

if ! installed; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    log "PostgreSQL and Redis are missing: install the Debian packages postgresql and redis-server"
    exit 1
  fi
  # One installer at a time (start.sh and the tests may both call this).
  exec 9>"${TMPDIR:-/tmp}/telephony-devices-queue-install.lock"
  flock 9
  if ! installed; then
    log "installing postgresql and redis-server with apt-get (about a minute)"
    started=$(date +%s)
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >&2
    log "done in $(( $(date +%s) - started )) s"
  fi
fi

pg_bin
command -v redis-server
