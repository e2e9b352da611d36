#!/usr/bin/env bash
# Sourced by start.sh and n8n-install.sh: a progress line every 30 s while a
# long, quiet step runs (npm prints nothing for minutes), stopped as soon as
# the step ends, so the line never outlives what it reports.
#
#   progress_start "[start]" "installing dependencies" node_modules
#   npm ci ...
#   progress_stop
#
# The third argument, a node_modules folder, adds how many packages are in it.

progress_pid=''

progress_start() {
  local prefix=$1 what=$2 folder=${3:-}
  progress_stop
  (
    started=$(date +%s)
    while sleep "${PROGRESS_EVERY_S:-30}"; do
      count=''
      if [ -n "$folder" ]; then
        # (no folder yet at first: find fails, which must not end the loop)
        count=", $( (find "$folder" -mindepth 1 -maxdepth 2 -name package.json 2>/dev/null || true) | wc -l | tr -d ' ') packages in $(basename "$folder")"
      fi
      echo "$prefix still $what: $(( $(date +%s) - started )) s elapsed$count" >&2
    done
  ) &
  progress_pid=$!
}

progress_stop() {
  if [ -n "$progress_pid" ]; then
    kill "$progress_pid" 2>/dev/null || true
    wait "$progress_pid" 2>/dev/null || true
    progress_pid=''
  fi
}
