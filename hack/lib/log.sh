# shellcheck shell=bash
# log and die for every script: "[tag] message" on stderr, tag from LOG_TAG (set it before
# sourcing), with the time of day when LOG_TIME=1 (the benchmarks' long runs).
log() {
  if [[ "${LOG_TIME:-0}" == 1 ]]; then
    printf '[%s %s] %s\n' "${LOG_TAG:-hco-guard}" "$(date +%H:%M:%S)" "$*" >&2
  else
    printf '[%s] %s\n' "${LOG_TAG:-hco-guard}" "$*" >&2
  fi
}

die() {
  log "ERROR: $*"
  exit 1
}
