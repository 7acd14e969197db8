# Shared by the scripts that build pinned tools from the Go module proxy into a cache under $HOME
# (hack/build-control-plane.sh, hack/build-promtool.sh). Sourced, not run. It gives:
#
#   log/die                  messages on stderr, prefixed with $LOG_PREFIX
#   find_go                  sets GO: $GO, else go on PATH, else /usr/local/go/bin/go
#   reuse_cache_or_lock CHECK TARGET LOCK WHAT
#                            prints TARGET and exits when `CHECK TARGET` passes (FORCE_REBUILD=1
#                            skips that), else takes LOCK (waiting while another build holds it:
#                            then exits the same way if that build filled the cache)
#   make_stage CACHE_ROOT NAME
#                            sets WORK (temp dir) and STAGE (beside the target, so the final move is
#                            a same-filesystem rename); both are removed on exit; leftovers of
#                            interrupted builds in CACHE_ROOT are removed first (hold the lock)
#   go_build_env             the environment of a reproducible, toolchain-local static build; sets PARALLEL
#   run CMD...               runs a long step as a background child, so INT/TERM stop it at once
#   install_stage TARGET     renames STAGE into place, replacing an older TARGET
#
# Environment: GO, GOPROXY (Go's own setting unless set), BUILD_PARALLELISM, FORCE_REBUILD=1.

log() { printf '[%s] %s\n' "${LOG_PREFIX:-build}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_go() {
  if [[ -z "${GO:-}" ]]; then
    if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
    elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
    else die "no go toolchain found (set GO=/path/to/go)"; fi
  fi
}

reuse_cache_or_lock() {
  local check="$1" target="$2" lock="$3" what="$4" start=${SECONDS}
  if [[ "${FORCE_REBUILD:-0}" != 1 ]] && "${check}" "${target}"; then
    log "cached: ${what} ($((SECONDS - start))s)"
    echo "${target}"
    exit 0
  fi
  mkdir -p "$(dirname "${lock}")"
  # One build at a time per cache root; a second caller waits, then finds the cache filled.
  exec 9>"${lock}"
  if ! flock -n 9; then
    log "another build holds ${lock}, waiting"
    flock 9
    if [[ "${FORCE_REBUILD:-0}" != 1 ]] && "${check}" "${target}"; then
      log "cached (built by the other process)"
      echo "${target}"
      exit 0
    fi
  fi
}

make_stage() {
  local cache_root="$1" name="$2"
  # Never read by the tools' users: their names do not end like a target's.
  rm -rf "${cache_root}"/.*.tmp.?????? "${cache_root}"/.*.tmp.??????.old
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/hco-guard-${name}-build.XXXXXX")"
  STAGE="$(mktemp -d "${cache_root}/.${name}.tmp.XXXXXX")"
  trap 'rm -rf "${WORK}" "${STAGE}"' EXIT
  trap 'on_signal 130' INT
  trap 'on_signal 143' TERM
}

go_build_env() {
  export GOFLAGS="-mod=mod"
  export GOTOOLCHAIN=local          # build with the installed Go, never download a toolchain
  export CGO_ENABLED=0
  GOOS="$("${GO}" env GOHOSTOS)"
  GOARCH="$("${GO}" env GOHOSTARCH)"
  export GOOS GOARCH
  GOPROXY="${GOPROXY:-$("${GO}" env GOPROXY)}"   # Go's own setting, for the log
  PARALLEL="${BUILD_PARALLELISM:-$(nproc 2>/dev/null || echo 2)}"
}

# Long steps run as a background child so that INT/TERM are handled at once (bash runs traps only
# between foreground commands): the child is stopped, then the EXIT trap removes the temp dirs.
CHILD=""
run() {
  local rc=0
  "$@" &
  CHILD=$!
  wait "${CHILD}" || rc=$?
  CHILD=""
  return "${rc}"
}
on_signal() {
  if [[ -n "${CHILD}" ]]; then
    kill -TERM "${CHILD}" 2>/dev/null || true
    wait "${CHILD}" 2>/dev/null || true
  fi
  exit "$1"
}

install_stage() {
  local target="$1"
  chmod 0755 "${STAGE}" "${STAGE}"/*
  if [[ -e "${target}" ]]; then
    mv -T "${target}" "${STAGE}.old"
    mv -T "${STAGE}" "${target}"
    rm -rf "${STAGE}.old"
  else
    mv -T "${STAGE}" "${target}"
  fi
}
