# shellcheck shell=bash
# The one library of the scripts that build pinned tools from the Go module proxy into a cache keyed
# by version (hack/build-control-plane.sh, hack/build-node.sh, hack/build-promtool.sh). Source it
# after setting LOG_TAG, under `set -euo pipefail`; it only defines functions and variables.
#
#   gb_init                  sources hack/versions.env; sets GO ($GO, else go on PATH, else
#                            /usr/local/go/bin/go), HOST_OS, HOST_ARCH, PARALLEL and the environment
#                            of a reproducible, toolchain-local static build
#   gb_k8s_versions          sets K8S_VERSION (1.34.4), K8S_MINOR (34), STAGING_VERSION (v0.34.4), ETCD_VER
#   gb_cached_or_lock ROOT LOCK WHAT CHECK TARGET
#                            prints TARGET and exits when `CHECK TARGET` passes (FORCE_REBUILD=1 skips
#                            that), else takes ROOT/.LOCK.lock, waiting while another build holds it
#                            (then exits the same way when that build filled the cache)
#   gb_stage ROOT NAME       sets WORK (scratch) and STAGE (ROOT/.NAME.tmp.XXXXXX, beside the target,
#                            so the final move is a rename), both removed on exit; removes leftovers of
#                            interrupted builds of NAME first (hold the lock)
#   run CMD...               runs a long step as a background child, so INT/TERM/HUP stop it at once
#   gb_install TARGET        renames STAGE into place, replacing an older TARGET
#   gb_reports_version BIN EXPECTED [ARGS]   true when `BIN ARGS` (default --version) prints EXPECTED
#   gb_download DIR MODULE@VERSION           downloads a module; sets MOD_DIR, MOD_GOMOD, MOD_INFO, MOD_GO
#   gb_k8s_wrapper DIR, gb_k8s_build DIR OUT CMD...   Kubernetes commands outside their repository
#
# Environment: GO, BUILD_PARALLELISM, FORCE_REBUILD=1.

_GB_HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=hack/lib/log.sh
source "${_GB_HACK_DIR}/lib/log.sh"

gb_init() {
  # shellcheck source=hack/versions.env
  source "${_GB_HACK_DIR}/versions.env"
  if [[ -z "${GO:-}" ]]; then
    if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
    elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
    else die "no go toolchain found (set GO=/path/to/go)"; fi
  fi
  HOST_OS="$("${GO}" env GOHOSTOS)"
  HOST_ARCH="$("${GO}" env GOHOSTARCH)"
  export GOFLAGS="-mod=mod"
  export GOTOOLCHAIN=local          # build with the installed Go, never download a toolchain
  export CGO_ENABLED=0
  export GOOS="${HOST_OS}" GOARCH="${HOST_ARCH}"
  PARALLEL="${BUILD_PARALLELISM:-$(nproc 2>/dev/null || echo 2)}"
}

gb_k8s_versions() {
  K8S_VERSION="${KUBERNETES_VERSION#v}"
  ETCD_VER="${ETCD_VERSION#v}"
  [[ "${K8S_VERSION}" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] || die "KUBERNETES_VERSION must look like 1.34.4, got '${KUBERNETES_VERSION}'"
  K8S_MINOR="${BASH_REMATCH[1]}"
  STAGING_VERSION="v0.${K8S_MINOR}.${BASH_REMATCH[2]}"
  [[ "${ETCD_VER}" =~ ^3\.[0-9]+\.[0-9]+$ ]] || die "ETCD_VERSION must look like 3.6.5, got '${ETCD_VERSION}'"
}

gb_cached_or_lock() {
  local root="$1" lock="$1/.$2.lock" what="$3" check="$4" target="$5" start=${SECONDS}
  if [[ "${FORCE_REBUILD:-0}" != 1 ]] && "${check}" "${target}"; then
    log "cached: ${what} ($((SECONDS - start))s)"
    echo "${target}"
    exit 0
  fi
  mkdir -p "${root}"
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

gb_stage() {
  local root="$1" name="$2"
  # Never read by the tools' users: their names start with a dot and do not end like a target's.
  rm -rf "${root}/.${name}".tmp.?????? "${root}/.${name}".tmp.??????.old
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/hco-guard-build.XXXXXX")"
  STAGE="$(mktemp -d "${root}/.${name}.tmp.XXXXXX")"
  export GOTMPDIR="${WORK}/go-tmp"  # go's own scratch (a killed go leaves it behind) goes with WORK
  mkdir "${GOTMPDIR}"
  trap 'rm -rf "${WORK}" "${STAGE}"' EXIT
  trap '_gb_on_signal 130' INT
  trap '_gb_on_signal 143' TERM
  trap '_gb_on_signal 129' HUP      # the build runs in a session of its own: no hangup reaches it
}

# Long steps run as a background child so that INT/TERM/HUP are handled at once (bash runs traps only
# between foreground commands): the child's process group (go and its compilers, which ignore INT
# as children of a script) is stopped, then the EXIT trap removes the temp dirs. The child does not
# get the lock's fd 9, so the lock is free as soon as this script exits.
_GB_CHILD=""
run() {
  local rc=0
  setsid -w "$@" 9>&- &
  _GB_CHILD=$!
  wait "${_GB_CHILD}" || rc=$?
  _GB_CHILD=""
  return "${rc}"
}
_gb_on_signal() {
  if [[ -n "${_GB_CHILD}" ]]; then
    kill -TERM -- "-${_GB_CHILD}" 2>/dev/null || true
    wait "${_GB_CHILD}" 2>/dev/null || true
  fi
  exit "$1"
}

gb_install() {
  local target="$1"
  chmod 0755 "${STAGE}" "${STAGE}"/*
  [[ ! -e "${target}" ]] || mv -T "${target}" "${STAGE}.old"
  mv -T "${STAGE}" "${target}"
  rm -rf "${STAGE}.old"
}

gb_reports_version() {
  local bin="$1" expected="$2" out
  shift 2
  (($# > 0)) || set -- --version
  [[ -x "${bin}" ]] || return 1
  out="$("${bin}" "$@" 2>/dev/null)" || return 1
  [[ "${out}" == *"${expected}"* ]]
}

gb_download() {
  local dir="$1" module="$2" json
  mkdir -p "${dir}"
  json="$(cd "${dir}" && "${GO}" mod download -json "${module}")" || die "cannot download ${module}: ${json:-}"
  MOD_GOMOD="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"${json}")"
  MOD_INFO="$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p' <<<"${json}")"
  MOD_DIR="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"${json}")"
  [[ -f "${MOD_GOMOD}" ]] || die "no go.mod for ${module}"
  # The module's go directive (a wrapper module must not be older).
  MOD_GO="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "${MOD_GOMOD}")"
}

# gb_k8s_wrapper DIR: downloads k8s.io/kubernetes@v${K8S_VERSION} and writes DIR/go.mod, a module
# that requires it and replaces every staging module (./staging/src/... in its own go.mod, published
# on its own as v0.<minor>.<patch>) with that version. Sets K8S_SRC (the module's source dir) and
# K8S_LDFLAGS (stripped, with the version stamped as the release build does).
gb_k8s_wrapper() {
  local dir="$1" build_date m pkg staging_modules
  gb_download "${dir}" "k8s.io/kubernetes@v${K8S_VERSION}"
  K8S_SRC="${MOD_DIR}"
  # Build date: the release's commit time from the proxy's .info, so builds are reproducible.
  build_date="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "${MOD_INFO}" | sed 's/\.[0-9]*Z$/Z/')"
  [[ -n "${build_date}" ]] || build_date="1970-01-01T00:00:00Z"

  mapfile -t staging_modules < <(sed -n 's#^[[:space:]]*\([^[:space:]]*\) => \./staging/src/.*#\1#p' "${MOD_GOMOD}")
  ((${#staging_modules[@]} > 10)) || die "found only ${#staging_modules[@]} staging replaces in ${MOD_GOMOD}"
  {
    echo "// Generated by hack/lib/go-build.sh: wrapper to build Kubernetes binaries."
    echo "module hco-guard.local/k8s-build"
    echo
    echo "go ${MOD_GO}"
    echo
    echo "require k8s.io/kubernetes v${K8S_VERSION}"
    echo
    echo "replace ("
    for m in "${staging_modules[@]}"; do
      echo "	${m} => ${m} ${STAGING_VERSION}"
    done
    echo ")"
  } >"${dir}/go.mod"
  log "wrapper go.mod: require k8s.io/kubernetes v${K8S_VERSION}, ${#staging_modules[@]} staging replaces"

  K8S_LDFLAGS=("-s" "-w")
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    K8S_LDFLAGS+=(
      "-X" "${pkg}.gitVersion=v${K8S_VERSION}"
      "-X" "${pkg}.gitMajor=1"
      "-X" "${pkg}.gitMinor=${K8S_MINOR}"
      "-X" "${pkg}.gitTreeState=clean"
      "-X" "${pkg}.buildDate=${build_date}"
    )
  done
}

# gb_k8s_build DIR OUT CMD...: builds k8s.io/kubernetes/cmd/<CMD> for each CMD into OUT/.
gb_k8s_build() {
  local dir="$1" out="$2" c pkgs=()
  shift 2
  for c in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/${c}"); done
  local t=${SECONDS}
  run "${GO}" -C "${dir}" list -deps "${pkgs[@]}" >/dev/null || die "resolving Kubernetes dependencies failed"
  log "Kubernetes dependencies resolved ($((SECONDS - t))s)"
  t=${SECONDS}
  run "${GO}" -C "${dir}" build -p "${PARALLEL}" -trimpath -ldflags "${K8S_LDFLAGS[*]}" -o "${out}/" "${pkgs[@]}" \
    || die "go build of $* failed"
  log "built $* ($((SECONDS - t))s)"
}
