#!/usr/bin/env bash
# Local control plane for hco-guard: etcd + kube-apiserver started as the tests start theirs (one
# launcher, io.hcoguard.e2e.LocalControlPlane in the test sources), from the binaries
# hack/build-control-plane.sh caches, with the project's CRDs from hack/crds installed and Established.
#
# Usage:
#   hack/start-control-plane.sh [run]   start in the foreground; Ctrl-C (or TERM) stops everything
#   hack/start-control-plane.sh up      start in the background, return once ready
#   hack/start-control-plane.sh down    stop what `up` started; returns once its processes are gone (alias: stop)
#   hack/start-control-plane.sh status  exit 0 when running; prints the env lines
#   hack/start-control-plane.sh env     print the env lines of a running control plane
#
# From another script:
#   hack/start-control-plane.sh up && source "${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}/env"
#   ...; hack/start-control-plane.sh down
#
# Environment:
#   HCO_GUARD_CP_DIR   state dir (default ${TMPDIR:-/tmp}/hco-guard-cp); wiped and recreated by each start
#   INSTALL_CRDS=0     do not install hack/crds
#   APPLY_SAMPLES=1    also apply hack/samples (each VMI with its status and its VM's uid)
#   HCO_GUARD_CP_CLASSPATH  classpath of LocalControlPlane (default: target/test-classes and the test
#                      dependencies, built once through ./mvnw, again when a source is newer)
#   KUBE_API_TEST_DIR  binary and certificate root, as for hack/build-control-plane.sh
#
# State dir files: env (KUBECONFIG, APISERVER_URL, CP_CA_FILE, CP_BIN_DIR, PATH; written once ready),
# kubeconfig, control-plane.pid (the JVM), etcd.pid, kube-apiserver.pid, control-plane.log, tmp/ (etcd's data).
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${HACK_DIR}")"
STATE_DIR="${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}"
MARKER="${STATE_DIR}/.hco-guard-control-plane"
MAIN=io.hcoguard.e2e.LocalControlPlane
LOG_TAG=control-plane
# shellcheck source=hack/lib/need.sh
source "${HACK_DIR}/lib/need.sh"

# PID of a state dir process if it is alive and its command line has PATTERN (guards against PID reuse).
live_pid() {
  local name="$1" pattern="$2" pid
  [[ -f "${STATE_DIR}/${name}.pid" ]] || return 1
  pid="$(<"${STATE_DIR}/${name}.pid")"
  [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" == *"${pattern}"* ]] || return 1
  echo "${pid}"
}

# TERM, then KILL after SECONDS; returns once the process is gone.
stop_process() {
  local name="$1" pattern="$2" seconds="$3" pid i
  if pid="$(live_pid "${name}" "${pattern}")"; then
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < seconds * 10; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log "${name} (pid ${pid}) did not stop in ${seconds}s, killing"
      kill -KILL "${pid}" 2>/dev/null || true
      while kill -0 "${pid}" 2>/dev/null; do sleep 0.1; done
    fi
    log "stopped ${name} (pid ${pid})"
  fi
  rm -f "${STATE_DIR}/${name}.pid"
}

cmd_down() {
  [[ -d "${STATE_DIR}" ]] || return 0
  stop_process control-plane "${MAIN}" 30
  # Only left when the JVM was killed before its shutdown hook stopped them.
  stop_process kube-apiserver /kube-apiserver 10
  stop_process etcd /etcd 10
  rm -f "${STATE_DIR}/env"
}

running() {
  live_pid control-plane "${MAIN}" >/dev/null && [[ -f "${STATE_DIR}/env" ]]
}

cmd_env() {
  running || die "no control plane running from ${STATE_DIR}"
  cat "${STATE_DIR}/env"
}

cmd_status() {
  if running; then
    log "running (state dir ${STATE_DIR})"
    cat "${STATE_DIR}/env"
  else
    log "not running (state dir ${STATE_DIR})"
    return 1
  fi
}

# The test classes and their dependencies: target/control-plane.classpath, rebuilt when a source is newer.
test_classpath() {
  if [[ -n "${HCO_GUARD_CP_CLASSPATH:-}" ]]; then
    echo "${HCO_GUARD_CP_CLASSPATH}"
    return
  fi
  local file="${REPO_DIR}/target/control-plane.classpath"
  if [[ ! -f "${file}" || ! -f "${REPO_DIR}/target/test-classes/${MAIN//.//}.class" ||
    -n "$(find "${REPO_DIR}/src/main" "${REPO_DIR}/src/test/java" "${REPO_DIR}/pom.xml" -newer "${file}" -print -quit)" ]]; then
    log "building the test classes (./mvnw test-compile)"
    (cd "${REPO_DIR}" && ./mvnw -B -q -ntp test-compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -DskipTests -Dmdep.includeScope=test -Dmdep.outputFile="${file}.partial") >&2 || die "the build failed"
    mv "${file}.partial" "${file}"
  fi
  echo "${REPO_DIR}/target/test-classes:${REPO_DIR}/target/classes:$(<"${file}")"
}

cmd_start() {
  local detach="$1" t0=${SECONDS} classpath pid java args
  if running; then
    [[ "${detach}" == 1 ]] || die "a control plane is already running from ${STATE_DIR}; run '$0 down' first"
    log "already running (state dir ${STATE_DIR})"
    cat "${STATE_DIR}/env"
    return 0
  fi
  cmd_down # what a failed start left
  java="${JAVA_HOME:+${JAVA_HOME}/bin/}java"
  command -v "${java}" >/dev/null || die "a JDK 17+ is required"
  "${HACK_DIR}/build-control-plane.sh" >/dev/null
  classpath="$(test_classpath)"

  # Fresh state every time; only ever wipe a directory this script created.
  if [[ -e "${STATE_DIR}" ]]; then
    if [[ -f "${MARKER}" ]]; then
      rm -rf "${STATE_DIR}"
    elif [[ -n "$(ls -A "${STATE_DIR}" 2>/dev/null)" ]]; then
      die "${STATE_DIR} exists and was not created by this script; remove it or set HCO_GUARD_CP_DIR"
    fi
  fi
  mkdir -p "${STATE_DIR}/tmp"
  chmod 0700 "${STATE_DIR}"
  touch "${MARKER}"

  # From here on an interrupted start leaves nothing running.
  trap 'trap - INT TERM; cmd_down; exit 130' INT
  trap 'trap - INT TERM; cmd_down; exit 143' TERM
  args=("${STATE_DIR}")
  [[ "${INSTALL_CRDS:-1}" == 1 ]] || args+=(--no-crds)
  [[ "${APPLY_SAMPLES:-0}" == 1 ]] && args+=(--samples)
  # etcd's data goes to java.io.tmpdir: the state dir, wiped by the next start even after a SIGKILL.
  (cd "${REPO_DIR}" && exec nohup "${java}" -Djava.io.tmpdir="${STATE_DIR}/tmp" \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dkube-api-test.dir="${KUBE_API_TEST_DIR:-${HOME}/.kubeapitest}" \
    -cp "${classpath}" "${MAIN}" "${args[@]}" >"${STATE_DIR}/control-plane.log" 2>&1 </dev/null) &
  pid=$!
  echo "${pid}" >"${STATE_DIR}/control-plane.pid"
  until [[ -f "${STATE_DIR}/env" ]]; do
    if ! kill -0 "${pid}" 2>/dev/null || ((SECONDS - t0 > 300)); then
      log "the control plane did not start; last lines of ${STATE_DIR}/control-plane.log:"
      tail -n 25 "${STATE_DIR}/control-plane.log" >&2 || true
      cmd_down
      exit 1
    fi
    sleep 0.2
  done
  log "$(grep -m 1 '^control plane up' "${STATE_DIR}/control-plane.log") ($((SECONDS - t0))s with the build), state ${STATE_DIR}"
  cat "${STATE_DIR}/env"
  if [[ "${detach}" == 1 ]]; then
    trap - INT TERM
    log "stop with: $0 down"
    return 0
  fi
  log "running in the foreground; Ctrl-C stops etcd and kube-apiserver"
  wait "${pid}" || true
  log "the control plane exited; see ${STATE_DIR}/control-plane.log"
  cmd_down
  exit 1
}

case "${1:-run}" in
  run | start) cmd_start 0 ;;
  up | --detach | -d) cmd_start 1 ;;
  down | stop) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" ;;
  *) die "unknown command '$1' (run | up | down | status | env)" ;;
esac
