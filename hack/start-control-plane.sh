#!/usr/bin/env bash
# Local control plane for hco-guard: etcd + kube-apiserver (no kubelet, no controller-manager,
# no scheduler) from the binaries hack/build-control-plane.sh caches, with the project's CRDs
# from hack/crds installed and Established.
#
# Usage:
#   hack/start-control-plane.sh [run]   start in the foreground; Ctrl-C (or TERM) stops everything
#   hack/start-control-plane.sh up      start in the background and return (PIDs in the state dir)
#   hack/start-control-plane.sh down    stop what `up` (or an aborted `run`) started   (alias: stop)
#   hack/start-control-plane.sh status  exit 0 when running; prints the export lines
#   hack/start-control-plane.sh env     print the export lines of a running control plane
#
# From another script (e.g. one that then starts the webhook):
#   hack/start-control-plane.sh up && source "${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}/env"
#   ...; hack/start-control-plane.sh down
# or source this file, which only defines functions (and changes no shell option):
#   source hack/start-control-plane.sh; hco_cp_up; ...; hco_cp_down
#
# Environment:
#   HCO_GUARD_CP_DIR   state dir: certs, kubeconfig, etcd data, logs, PIDs
#                      (default ${TMPDIR:-/tmp}/hco-guard-cp); wiped and recreated by each start
#   APISERVER_PORT, ETCD_PORT, ETCD_PEER_PORT   fixed ports (default: free ports)
#   INSTALL_CRDS=0     do not install hack/crds
#   APPLY_SAMPLES=1    also apply hack/samples (and the VMIs' status)
#   KUBE_API_TEST_DIR  binary cache root, as for hack/build-control-plane.sh
#
# State dir files: env (KUBECONFIG, APISERVER_URL, CP_CA_FILE, CP_BIN_DIR, PATH), kubeconfig,
# pki/ (ca.crt, ca.key, apiserver.*, admin.*, sa.*), etcd.pid, kube-apiserver.pid, *.log.
# Everything generated (keys included) lives there, never in the repository.

# ------------------------------------------------------------------ sourced: functions only
if [[ "${BASH_SOURCE[0]}" != "${0}" ]]; then
  _HCO_CP_SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
  # Starts the control plane in the background and exports KUBECONFIG, APISERVER_URL, CP_CA_FILE,
  # CP_BIN_DIR and PATH (with kubectl) into the calling shell.
  hco_cp_up() {
    "${_HCO_CP_SCRIPT}" up || return
    local env_file="${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}/env"
    # shellcheck disable=SC1090
    source "${env_file}"
  }
  hco_cp_down() { "${_HCO_CP_SCRIPT}" down; }
  hco_cp_status() { "${_HCO_CP_SCRIPT}" status; }
  return 0
fi

set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${HACK_DIR}")"
STATE_DIR="${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}"
MARKER="${STATE_DIR}/.hco-guard-control-plane"
PKI="${STATE_DIR}/pki"

log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Installs a missing tool with apt-get (only when root and apt-get exist).
need() {
  local cmd="$1" pkg="${2:-$1}"
  command -v "${cmd}" >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${pkg} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg}" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkg}" >/dev/null; } \
      || die "cannot install ${pkg}"
  else
    die "${cmd} is required (apt-get install ${pkg})"
  fi
}

# ------------------------------------------------------------------ process bookkeeping
# PID of a component if it is alive and really is that binary (guards against PID reuse).
live_pid() {
  local name="$1" pid
  [[ -f "${STATE_DIR}/${name}.pid" ]] || return 1
  pid="$(<"${STATE_DIR}/${name}.pid")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" == *"/${name} "* ]] || return 1
  echo "${pid}"
}

stop_component() {
  local name="$1" pid i
  if pid="$(live_pid "${name}")"; then
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log "${name} (pid ${pid}) did not stop in 10s, killing"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    log "stopped ${name} (pid ${pid})"
  fi
  rm -f "${STATE_DIR}/${name}.pid"
}

cmd_down() {
  [[ -d "${STATE_DIR}" ]] || return 0
  stop_component kube-apiserver
  stop_component etcd
}

print_env() {
  [[ -f "${STATE_DIR}/env" ]] || die "no control plane state in ${STATE_DIR}"
  echo "export KUBECONFIG=${STATE_DIR}/kubeconfig"
  echo "export PATH=$(sed -n 's/^export CP_BIN_DIR=//p' "${STATE_DIR}/env"):\$PATH"
}

cmd_status() {
  if live_pid etcd >/dev/null && live_pid kube-apiserver >/dev/null; then
    log "running (state dir ${STATE_DIR})"
    print_env
  else
    log "not running (state dir ${STATE_DIR})"
    return 1
  fi
}

# ------------------------------------------------------------------ start
free_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 30000))
    # Free when nothing accepts a connection on it (bash /dev/tcp; a small race is acceptable).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return 0
    fi
  done
  die "no free port found"
}

gen_pki() {
  mkdir -p "${PKI}"
  (
    umask 077
    cd "${PKI}"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -keyout ca.key -out ca.crt \
      -subj "/CN=hco-guard-control-plane-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null

    cat >apiserver.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1
EOF
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -sha256 -days 365 -in apiserver.csr -CA ca.crt -CAkey ca.key \
      -CAcreateserial -extfile apiserver.ext -out apiserver.crt 2>/dev/null

    cat >client.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EOF
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr \
      -subj "/O=system:masters/CN=hco-guard-admin" 2>/dev/null
    openssl x509 -req -sha256 -days 365 -in admin.csr -CA ca.crt -CAkey ca.key \
      -CAcreateserial -extfile client.ext -out admin.crt 2>/dev/null

    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr ./*.ext ca.srl
    chmod 0644 ca.crt apiserver.crt admin.crt sa.pub
  )
}

write_kubeconfig() {
  local url="$1" b64=(base64 -w0)
  (umask 077 && : >"${STATE_DIR}/kubeconfig")
  cat >"${STATE_DIR}/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: hco-guard
  cluster:
    server: ${url}
    certificate-authority-data: $("${b64[@]}" <"${PKI}/ca.crt")
users:
- name: hco-guard-admin
  user:
    client-certificate-data: $("${b64[@]}" <"${PKI}/admin.crt")
    client-key-data: $("${b64[@]}" <"${PKI}/admin.key")
contexts:
- name: hco-guard
  context:
    cluster: hco-guard
    user: hco-guard-admin
current-context: hco-guard
EOF
}

# Waits until URL answers 200 (extra curl args before the URL), or the process dies.
wait_http() {
  local what="$1" pid="$2" timeout="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  until curl -fsS --max-time 2 -o /dev/null "$@" 2>/dev/null; do
    kill -0 "${pid}" 2>/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
  log "${what} ready ($((SECONDS - T0))s)"
}

# Starts a component in the background; its stdout/stderr go to <name>.log.
spawn() {
  local name="$1"
  shift
  if [[ "${DETACH}" == 1 ]]; then
    nohup "$@" >"${STATE_DIR}/${name}.log" 2>&1 </dev/null &
  else
    "$@" >"${STATE_DIR}/${name}.log" 2>&1 </dev/null &
  fi
  echo $! >"${STATE_DIR}/${name}.pid"
}

fail_start() {
  local name="$1"
  log "${name} failed to start; last lines of ${STATE_DIR}/${name}.log:"
  tail -n 25 "${STATE_DIR}/${name}.log" >&2 || true
  cmd_down
  exit 1
}

on_exit() {
  trap - EXIT
  log "stopping"
  cmd_down
}

cmd_start() {
  T0=${SECONDS}
  need curl
  need openssl
  need base64 coreutils

  if live_pid etcd >/dev/null || live_pid kube-apiserver >/dev/null; then
    if [[ "${DETACH}" == 1 ]] && cmd_status >/dev/null 2>&1; then
      log "already running (state dir ${STATE_DIR})"
      print_env
      return 0
    fi
    die "a control plane is already running from ${STATE_DIR}; run '$0 down' first"
  fi

  BIN_DIR="$("${HACK_DIR}/build-control-plane.sh" | tail -n 1)"
  [[ -x "${BIN_DIR}/kube-apiserver" ]] || die "no binaries in '${BIN_DIR}'"
  KUBECTL="${BIN_DIR}/kubectl"

  # Fresh state every time; only ever wipe a directory this script created.
  if [[ -e "${STATE_DIR}" ]]; then
    if [[ -f "${MARKER}" ]]; then
      rm -rf "${STATE_DIR}"
    elif [[ -n "$(ls -A "${STATE_DIR}" 2>/dev/null)" ]]; then
      die "${STATE_DIR} exists and was not created by this script; remove it or set HCO_GUARD_CP_DIR"
    fi
  fi
  mkdir -p "${STATE_DIR}"
  chmod 0700 "${STATE_DIR}"
  touch "${MARKER}"

  if [[ "${DETACH}" != 1 ]]; then
    trap 'on_exit' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi

  gen_pki

  local etcd_port etcd_peer_port api_port url
  etcd_port="${ETCD_PORT:-$(free_port)}"
  etcd_peer_port="${ETCD_PEER_PORT:-$(free_port)}"
  api_port="${APISERVER_PORT:-$(free_port)}"
  url="https://127.0.0.1:${api_port}"

  spawn etcd "${BIN_DIR}/etcd" \
    --name=hco-guard \
    --data-dir="${STATE_DIR}/etcd-data" \
    --listen-client-urls="http://127.0.0.1:${etcd_port}" \
    --advertise-client-urls="http://127.0.0.1:${etcd_port}" \
    --listen-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-advertise-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-cluster="hco-guard=http://127.0.0.1:${etcd_peer_port}" \
    --unsafe-no-fsync=true \
    --log-level=warn
  wait_http etcd "$(<"${STATE_DIR}/etcd.pid")" 30 "http://127.0.0.1:${etcd_port}/health" \
    || fail_start etcd

  spawn kube-apiserver "${BIN_DIR}/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:${etcd_port}" \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --secure-port="${api_port}" \
    --cert-dir="${STATE_DIR}/apiserver-certs" \
    --tls-cert-file="${PKI}/apiserver.crt" \
    --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI}/sa.pub" \
    --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --authorization-mode=RBAC \
    --allow-privileged=true \
    --enable-priority-and-fairness=false \
    --profiling=false \
    --v=1
  wait_http kube-apiserver "$(<"${STATE_DIR}/kube-apiserver.pid")" 90 \
    --cacert "${PKI}/ca.crt" --cert "${PKI}/admin.crt" --key "${PKI}/admin.key" "${url}/readyz" \
    || fail_start kube-apiserver

  write_kubeconfig "${url}"
  cat >"${STATE_DIR}/env" <<EOF
export KUBECONFIG=${STATE_DIR}/kubeconfig
export APISERVER_URL=${url}
export CP_CA_FILE=${PKI}/ca.crt
export CP_BIN_DIR=${BIN_DIR}
export PATH=${BIN_DIR}:\${PATH}
EOF
  export KUBECONFIG="${STATE_DIR}/kubeconfig"

  if [[ "${INSTALL_CRDS:-1}" == 1 ]]; then
    "${KUBECTL}" apply -f "${HACK_DIR}/crds/" >&2
    "${KUBECTL}" wait --for=condition=Established --timeout=60s -f "${HACK_DIR}/crds/" >&2
    log "CRDs established ($((SECONDS - T0))s)"
  fi
  if [[ "${APPLY_SAMPLES:-0}" == 1 ]]; then
    "${KUBECTL}" apply -f "${HACK_DIR}/samples/" >&2
    local f
    for f in "${HACK_DIR}"/samples/*.yaml; do
      if grep -q '^kind: VirtualMachineInstance$' "${f}"; then
        "${KUBECTL}" apply --server-side --subresource=status -f "${f}" >&2
      fi
    done
    log "samples applied"
  fi

  log "control plane up in $((SECONDS - T0))s: ${url} (Kubernetes $("${BIN_DIR}/kube-apiserver" --version | cut -d' ' -f2), state ${STATE_DIR#"${REPO_DIR}/"})"
  print_env

  if [[ "${DETACH}" == 1 ]]; then
    log "stop with: $0 down"
    return 0
  fi
  log "running in the foreground; Ctrl-C stops etcd and kube-apiserver"
  local etcd_pid api_pid
  etcd_pid="$(<"${STATE_DIR}/etcd.pid")"
  api_pid="$(<"${STATE_DIR}/kube-apiserver.pid")"
  # Returns when either component exits (or on Ctrl-C, via the trap).
  wait -n "${etcd_pid}" "${api_pid}" || true
  log "a component exited; see ${STATE_DIR}/*.log"
  exit 1  # the EXIT trap stops the other one
}

DETACH=0
case "${1:-run}" in
  run | start) cmd_start ;;
  up | --detach | -d) DETACH=1; cmd_start ;;
  down | stop) cmd_down ;;
  status) cmd_status ;;
  env) print_env ;;
  -h | --help | help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" ;;
  *) die "unknown command '$1' (run | up | down | status | env)" ;;
esac
