# shellcheck shell=bash
# Shared by the scripts that build Kubernetes binaries from the Go module proxy
# (hack/build-control-plane.sh, hack/build-node.sh): toolchain, pinned versions, the wrapper go.mod
# that builds k8s.io/kubernetes commands outside its repository, a lock per cache root, atomic
# installation into the cache, and signal-safe long steps. Source it; it only defines functions and
# variables. The caller sets LOG_TAG first and has `set -euo pipefail`.
#
# After kb_init: GO, K8S_VERSION (1.34.4), K8S_MINOR (34), STAGING_VERSION (v0.34.4), ETCD_VER,
# HOST_OS, HOST_ARCH.

_KB_HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[%s] %s\n' "${LOG_TAG:-build}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

kb_init() {
  # shellcheck source=hack/versions.env
  source "${_KB_HACK_DIR}/versions.env"
  if [[ -z "${GO:-}" ]]; then
    if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
    elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
    else die "no go toolchain found (set GO=/path/to/go)"; fi
  fi
  K8S_VERSION="${KUBERNETES_VERSION#v}"
  ETCD_VER="${ETCD_VERSION#v}"
  [[ "${K8S_VERSION}" =~ ^1\.([0-9]+)\.([0-9]+)$ ]] || die "KUBERNETES_VERSION must look like 1.34.4, got '${KUBERNETES_VERSION}'"
  K8S_MINOR="${BASH_REMATCH[1]}"
  STAGING_VERSION="v0.${K8S_MINOR}.${BASH_REMATCH[2]}"
  [[ "${ETCD_VER}" =~ ^3\.[0-9]+\.[0-9]+$ ]] || die "ETCD_VERSION must look like 3.6.5, got '${ETCD_VERSION}'"
  HOST_OS="$("${GO}" env GOHOSTOS)"
  HOST_ARCH="$("${GO}" env GOHOSTARCH)"

  export GOFLAGS="-mod=mod"
  export GOTOOLCHAIN=local          # build with the installed Go, never download a toolchain
  export CGO_ENABLED=0
  export GOOS="${HOST_OS}" GOARCH="${HOST_ARCH}"
  PARALLEL="${BUILD_PARALLELISM:-$(nproc 2>/dev/null || echo 2)}"
}

# kb_lock CACHE_ROOT NAME CHECK_FN [ARGS...]: takes the lock NAME of CACHE_ROOT (fd 9). Returns 1
# when, after waiting for another holder, CHECK_FN finds the cache filled by it (nothing to build).
kb_lock() {
  local root="$1" name="$2"
  shift 2
  mkdir -p "${root}"
  exec 9>"${root}/.${name}.lock"
  if ! flock -n 9; then
    log "another build holds ${root}/.${name}.lock, waiting"
    flock 9
    if [[ "${FORCE_REBUILD:-0}" != 1 ]] && "$@"; then
      log "cached (built by the other process)"
      return 1
    fi
  fi
  return 0
}

# Long steps run as a background child so that INT/TERM are handled at once (bash runs traps only
# between foreground commands): the child is stopped, then the EXIT trap removes the temp dirs.
KB_CHILD=""
run() {
  local rc=0
  "$@" &
  KB_CHILD=$!
  wait "${KB_CHILD}" || rc=$?
  KB_CHILD=""
  return "${rc}"
}
_kb_on_signal() {
  if [[ -n "${KB_CHILD}" ]]; then
    kill -TERM "${KB_CHILD}" 2>/dev/null || true
    wait "${KB_CHILD}" 2>/dev/null || true
  fi
  exit "$1"
}
KB_CLEANUP=()
_kb_cleanup() { ((${#KB_CLEANUP[@]} == 0)) || rm -rf "${KB_CLEANUP[@]}"; }
kb_traps() {
  trap _kb_cleanup EXIT
  trap '_kb_on_signal 130' INT
  trap '_kb_on_signal 143' TERM
}

# kb_stage CACHE_ROOT NAME: prints a new staging dir beside CACHE_ROOT/NAME (same filesystem, so the
# final move is a rename), removed on exit unless installed. Leftovers of interrupted builds (their
# names start with a dot, so no reader takes them for a cache entry) are removed first: call it
# while holding the lock.
kb_stage() {
  local root="$1" name="$2" dir
  rm -rf "${root}/.${name}".tmp.?????? "${root}/.${name}".tmp.??????.old
  dir="$(mktemp -d "${root}/.${name}.tmp.XXXXXX")"
  KB_CLEANUP+=("${dir}")
  echo "${dir}"
}

# kb_workdir: prints a scratch dir removed on exit.
kb_workdir() {
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/hco-guard-build.XXXXXX")"
  KB_CLEANUP+=("${dir}")
  echo "${dir}"
}

# kb_install STAGE TARGET: replaces TARGET by STAGE with renames only.
kb_install() {
  local stage="$1" target="$2"
  chmod 0755 "${stage}"
  if [[ -e "${target}" ]]; then
    mv -T "${target}" "${stage}.old"
    mv -T "${stage}" "${target}"
    rm -rf "${stage}.old"
  else
    mv -T "${stage}" "${target}"
  fi
}

# kb_k8s_wrapper DIR: downloads k8s.io/kubernetes@v${K8S_VERSION} and writes DIR/go.mod, a module
# that requires it and replaces every staging module (./staging/src/... in its own go.mod, published
# on its own as v0.<minor>.<patch>) with that version. Sets K8S_SRC (the module's source dir) and
# K8S_LDFLAGS (stripped, with the version stamped as the release build does).
kb_k8s_wrapper() {
  local dir="$1" json gomod info go_directive build_date m pkg
  mkdir -p "${dir}"
  json="$(cd "${dir}" && "${GO}" mod download -json "k8s.io/kubernetes@v${K8S_VERSION}")" \
    || die "cannot download k8s.io/kubernetes@v${K8S_VERSION}: ${json:-}"
  gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"${json}")"
  info="$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p' <<<"${json}")"
  K8S_SRC="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"${json}")"
  [[ -f "${gomod}" ]] || die "no go.mod for k8s.io/kubernetes@v${K8S_VERSION}"
  # Go version directive of k8s.io/kubernetes (the wrapper must not be older).
  go_directive="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "${gomod}")"
  # Build date: the release's commit time from the proxy's .info, so builds are reproducible.
  build_date="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "${info}" | sed 's/\.[0-9]*Z$/Z/')"
  [[ -n "${build_date}" ]] || build_date="1970-01-01T00:00:00Z"

  local staging_modules
  mapfile -t staging_modules < <(sed -n 's#^[[:space:]]*\([^[:space:]]*\) => \./staging/src/.*#\1#p' "${gomod}")
  ((${#staging_modules[@]} > 10)) || die "found only ${#staging_modules[@]} staging replaces in ${gomod}"
  {
    echo "// Generated by hack/lib/kube-build.sh: wrapper to build Kubernetes binaries."
    echo "module hco-guard.local/k8s-build"
    echo
    echo "go ${go_directive}"
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

# kb_k8s_build DIR OUT CMD...: builds k8s.io/kubernetes/cmd/<CMD> for each CMD into OUT/.
kb_k8s_build() {
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

# kb_reports_version BINARY EXPECTED [ARGS]: true when `BINARY ARGS` (default --version) prints EXPECTED.
kb_reports_version() {
  local bin="$1" expected="$2" out
  shift 2
  (($# > 0)) || set -- --version
  [[ -x "${bin}" ]] || return 1
  out="$("${bin}" "$@" 2>/dev/null)" || return 1
  [[ "${out}" == *"${expected}"* ]]
}
