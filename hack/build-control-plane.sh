#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from the Go module proxy (no Docker, no dl.k8s.io,
# no GitHub releases) into the layout io.fabric8:kube-api-test reads in offline mode:
#
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<KUBERNETES_VERSION>-<os>-<arch>/{kube-apiserver,etcd,kubectl}
#
# Versions come from hack/versions.env. Cached: when the three binaries already exist and report
# the pinned versions, the script prints the directory and exits. The binaries are built in a
# temporary directory and moved into place with a rename, so an interrupted build never leaves a
# half-filled cache directory. Prints the directory as the last line of stdout.
#
# Environment:
#   KUBE_API_TEST_DIR   cache root (default $HOME/.kubeapitest)
#   KUBERNETES_VERSION, ETCD_VERSION   override hack/versions.env
#   GOPROXY             Go's own setting (go env GOPROXY) unless set
#   GO                  go binary (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLELISM   go build -p (default: number of CPUs)
#   FORCE_REBUILD=1     ignore the cache
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=hack/versions.env
source "${HACK_DIR}/versions.env"

log() { printf '[build-control-plane] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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
CACHE_ROOT="${KUBE_API_TEST_DIR:-${HOME}/.kubeapitest}/k8s"
TARGET_DIR="${CACHE_ROOT}/${K8S_VERSION}-${HOST_OS}-${HOST_ARCH}"

# True when all three binaries in $1 exist and report the pinned versions.
binaries_ok() {
  local dir="$1" out
  [[ -x "${dir}/kube-apiserver" && -x "${dir}/kubectl" && -x "${dir}/etcd" ]] || return 1
  out="$("${dir}/kube-apiserver" --version 2>/dev/null)" || return 1
  [[ "${out}" == "Kubernetes v${K8S_VERSION}" ]] || return 1
  out="$("${dir}/kubectl" version --client 2>/dev/null)" || return 1
  [[ "${out}" == *"Client Version: v${K8S_VERSION}"* ]] || return 1
  out="$("${dir}/etcd" --version 2>/dev/null)" || return 1
  [[ "${out}" == *"etcd Version: ${ETCD_VER}"* ]] || return 1
}

START=${SECONDS}
if [[ "${FORCE_REBUILD:-0}" != 1 ]] && binaries_ok "${TARGET_DIR}"; then
  log "cached: kube-apiserver/kubectl v${K8S_VERSION}, etcd v${ETCD_VER} ($((SECONDS - START))s)"
  echo "${TARGET_DIR}"
  exit 0
fi

mkdir -p "${CACHE_ROOT}"
# One build at a time per cache root; a second caller waits, then finds the cache filled.
exec 9>"${CACHE_ROOT}/.build-control-plane.lock"
if ! flock -n 9; then
  log "another build holds ${CACHE_ROOT}/.build-control-plane.lock, waiting"
  flock 9
  if [[ "${FORCE_REBUILD:-0}" != 1 ]] && binaries_ok "${TARGET_DIR}"; then
    log "cached (built by the other process)"
    echo "${TARGET_DIR}"
    exit 0
  fi
fi

# Leftovers of an interrupted build (never read by kube-api-test: their names do not end with
# -<os>-<arch>); safe to remove while holding the lock.
rm -rf "${CACHE_ROOT}"/.*.tmp.??????  "${CACHE_ROOT}"/.*.tmp.??????.old

WORK="$(mktemp -d "${TMPDIR:-/tmp}/hco-guard-cp-build.XXXXXX")"
# Staging dir next to the target so the final mv is a same-filesystem rename.
STAGE="$(mktemp -d "${CACHE_ROOT}/.${K8S_VERSION}-${HOST_OS}-${HOST_ARCH}.tmp.XXXXXX")"
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
cleanup() { rm -rf "${WORK}" "${STAGE}"; }
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

export GOFLAGS="-mod=mod"
export GOTOOLCHAIN=local          # build with the installed Go, never download a toolchain
export CGO_ENABLED=0
export GOOS="${HOST_OS}" GOARCH="${HOST_ARCH}"
PARALLEL="${BUILD_PARALLELISM:-$(nproc 2>/dev/null || echo 2)}"

log "go: $("${GO}" version); GOPROXY=${GOPROXY}; -p ${PARALLEL}"
log "building kube-apiserver + kubectl v${K8S_VERSION} (staging modules ${STAGING_VERSION}) and etcd v${ETCD_VER}"
log "work dir ${WORK}"

# ---------------------------------------------------------------- Kubernetes
T=${SECONDS}
K8S_JSON="$(cd "${WORK}" && "${GO}" mod download -json "k8s.io/kubernetes@v${K8S_VERSION}")" \
  || die "cannot download k8s.io/kubernetes@v${K8S_VERSION}: ${K8S_JSON:-}"
K8S_GOMOD="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"${K8S_JSON}")"
K8S_INFO="$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p' <<<"${K8S_JSON}")"
[[ -f "${K8S_GOMOD}" ]] || die "no go.mod for k8s.io/kubernetes@v${K8S_VERSION}"
# Go version directive of k8s.io/kubernetes (the wrapper must not be older).
K8S_GO_DIRECTIVE="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "${K8S_GOMOD}")"
# Build date: the release's commit time from the proxy's .info, so builds are reproducible.
BUILD_DATE="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "${K8S_INFO}" | sed 's/\.[0-9]*Z$/Z/')"
[[ -n "${BUILD_DATE}" ]] || BUILD_DATE="1970-01-01T00:00:00Z"

# Every staging module k8s.io/kubernetes replaces with ./staging/src/... is published on its own
# as v0.<minor>.<patch>; the wrapper replaces each of them with that version.
mapfile -t STAGING_MODULES < <(sed -n 's#^[[:space:]]*\([^[:space:]]*\) => \./staging/src/.*#\1#p' "${K8S_GOMOD}")
((${#STAGING_MODULES[@]} > 10)) || die "found only ${#STAGING_MODULES[@]} staging replaces in ${K8S_GOMOD}"

mkdir -p "${WORK}/k8s"
{
  echo "// Generated by hack/build-control-plane.sh: wrapper to build Kubernetes binaries."
  echo "module hco-guard.local/k8s-build"
  echo
  echo "go ${K8S_GO_DIRECTIVE}"
  echo
  echo "require k8s.io/kubernetes v${K8S_VERSION}"
  echo
  echo "replace ("
  for m in "${STAGING_MODULES[@]}"; do
    echo "	${m} => ${m} ${STAGING_VERSION}"
  done
  echo ")"
} >"${WORK}/k8s/go.mod"
log "wrapper go.mod: require k8s.io/kubernetes v${K8S_VERSION}, ${#STAGING_MODULES[@]} staging replaces"

run "${GO}" -C "${WORK}/k8s" list -deps k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl >/dev/null \
  || die "resolving Kubernetes dependencies failed"
log "Kubernetes dependencies resolved ($((SECONDS - T))s)"

K8S_LDFLAGS=("-s" "-w")
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=(
    "-X" "${pkg}.gitVersion=v${K8S_VERSION}"
    "-X" "${pkg}.gitMajor=1"
    "-X" "${pkg}.gitMinor=${K8S_MINOR}"
    "-X" "${pkg}.gitTreeState=clean"
    "-X" "${pkg}.buildDate=${BUILD_DATE}"
  )
done

T=${SECONDS}
run "${GO}" -C "${WORK}/k8s" build -p "${PARALLEL}" -trimpath -ldflags "${K8S_LDFLAGS[*]}" \
  -o "${STAGE}/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl \
  || die "go build of kube-apiserver/kubectl failed"
log "built kube-apiserver, kubectl ($((SECONDS - T))s)"

# ---------------------------------------------------------------- etcd
# The etcd binary's main package is the root of module go.etcd.io/etcd/server/v3 (server/main.go,
# a wrapper around etcdmain). etcd's own go.mod files replace their sibling modules with ../api
# etc.; those replaces are ignored here and the require versions (all v${ETCD_VER}) apply.
T=${SECONDS}
mkdir -p "${WORK}/etcd"
cat >"${WORK}/etcd/go.mod" <<EOF
// Generated by hack/build-control-plane.sh: wrapper to build etcd.
module hco-guard.local/etcd-build

go 1.24.0

require go.etcd.io/etcd/server/v3 v${ETCD_VER}
EOF
run "${GO}" -C "${WORK}/etcd" build -p "${PARALLEL}" -trimpath \
  -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v${ETCD_VER}" \
  -o "${STAGE}/etcd" go.etcd.io/etcd/server/v3 \
  || die "go build of etcd failed"
log "built etcd ($((SECONDS - T))s)"

# ---------------------------------------------------------------- install
binaries_ok "${STAGE}" || {
  for b in kube-apiserver etcd; do "${STAGE}/${b}" --version >&2 || true; done
  "${STAGE}/kubectl" version --client >&2 || true
  die "built binaries do not report the expected versions"
}
chmod 0755 "${STAGE}" "${STAGE}"/*
if [[ -e "${TARGET_DIR}" ]]; then
  OLD="${STAGE}.old"
  mv -T "${TARGET_DIR}" "${OLD}"
  mv -T "${STAGE}" "${TARGET_DIR}"
  rm -rf "${OLD}"
else
  mv -T "${STAGE}" "${TARGET_DIR}"
fi

"${TARGET_DIR}/kube-apiserver" --version >&2
"${TARGET_DIR}/kubectl" version --client >&2
"${TARGET_DIR}/etcd" --version | sed -n 1p >&2   # sed reads everything: no SIGPIPE under pipefail (head exits early)
log "done in $((SECONDS - START))s: ${TARGET_DIR}"
echo "${TARGET_DIR}"
