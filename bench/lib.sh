# Infrastructure for bench/run.sh: tools, builds, certificates, the control plane, the app and
# the floor server, and the cleanup of every process started here. Sourced, never run.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${BENCH_DIR}")"
WORK="${BENCH_WORK:-${BENCH_DIR}/target/run}"
JAVA17="${JAVA17:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
KUBECTL="${HOME}/.kubeapitest/k8s/1.34.4-linux-amd64/kubectl"
APP_DIR="${REPO_DIR}/target/quarkus-app"
PAYLOADS="${BENCH_DIR}/src/main/resources/payloads"
export PATH="${PATH}:/usr/local/go/bin:${HOME}/go/bin"
# What io.hcoguard.bench.Bench reads besides the knobs (bench/src/main/java/io/hcoguard/bench/Knobs.java).
export BENCH_DIR REPO_DIR WORK JAVA17 JAVA25 KUBECTL

STARTED_PIDS=()
CP_STARTED=0

LOG_TAG=bench LOG_TIME=1
# shellcheck source=hack/lib/log.sh
source "${REPO_DIR}/hack/lib/log.sh"

# ---------------------------------------------------------------------------------------- tools
apt_install() {
  local missing=()
  local cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    command -v "${cmd}" >/dev/null 2>&1 || missing+=("${pkg}")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "cannot install ${missing[*]}"
}

ensure_tools() {
  apt_install wrk:wrk hyperfine:hyperfine jq:jq curl:curl openssl:openssl ss:iproute2
  if ! command -v vegeta >/dev/null 2>&1; then
    command -v go >/dev/null || die "Go is needed to install vegeta (go install github.com/tsenart/vegeta/v12@latest)"
    log "installing vegeta (go install github.com/tsenart/vegeta/v12@v12.13.0)"
    go install github.com/tsenart/vegeta/v12@v12.13.0 >&2 || die "cannot install vegeta"
  fi
  [[ -x "${KUBECTL}" ]] || "${REPO_DIR}/hack/build-control-plane.sh" >/dev/null
}

# --------------------------------------------------------------------------------------- builds
# Each is built once per run (SKIP_BUILD=1: not at all when a build exists).
APP_BUILT=0
BENCH_BUILT=0

build_app() {
  ((APP_BUILT)) && return 0
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "${APP_DIR}/quarkus-run.jar" ]]; then
    log "building the app (./mvnw package -DskipTests)"
    (cd "${REPO_DIR}" && ./mvnw -q -B -ntp package -DskipTests) >&2
  fi
  APP_BUILT=1
}

NATIVE_BUILT=0

# The native executable (hack/build-native.sh: cached by its inputs), copied to ${WORK} so that a
# JVM build of the app afterwards cannot remove it.
build_native() {
  ((NATIVE_BUILT)) && return 0
  local runner
  if [[ "${SKIP_BUILD:-0}" == 1 && -x "${WORK}/hco-guard-runner" ]]; then
    :
  else
    log "building the native executable (hack/build-native.sh)"
    runner=$("${REPO_DIR}/hack/build-native.sh" | tail -n 1)
    cp -f "${runner}" "${WORK}/hco-guard-runner"
  fi
  NATIVE_RUNNER="${WORK}/hco-guard-runner"
  NATIVE_BUILT=1
}

build_bench() {
  if ((!BENCH_BUILT)) && [[ "${SKIP_BUILD:-0}" != 1 || ! -f "${BENCH_DIR}/target/classpath.txt" ]]; then
    log "building the benchmarks (./mvnw -f bench/pom.xml package)"
    (cd "${REPO_DIR}" && ./mvnw -q -B -ntp -f bench/pom.xml package) >&2
  fi
  BENCH_BUILT=1
  BENCH_CP="${BENCH_DIR}/target/classes:$(<"${BENCH_DIR}/target/classpath.txt")"
}

# Runs a tool from the bench module on JDK 17.
bench_java() { "${JAVA17}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "${BENCH_CP}" "$@"; }

certs() {
  CERTS="${WORK}/certs"
  [[ -s "${CERTS}/tls.crt" ]] || "${REPO_DIR}/certs/generate.sh" --out "${CERTS}" --force >/dev/null 2>&1 \
    || die "certs/generate.sh failed"
}

# ---------------------------------------------------------------------------- machine and noise
machine() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
  echo "JDK:     $("${JAVA17}" -version 2>&1 | sed -n 2p)"
  echo "git:     $(git -C "${REPO_DIR}" rev-parse --short HEAD) ($(git -C "${REPO_DIR}" rev-parse --abbrev-ref HEAD))"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other builds share this machine)"
}

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------------------------------- ports
free_port() { # a loopback port nothing listens on (a small race is acceptable)
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    ss -Htln "sport = :${port}" | grep -q . || { echo "${port}"; return 0; }
  done
}

# ------------------------------------------------------------------------------------ processes
track() { STARTED_PIDS+=("$1"); }

stop_pid() {
  local pid="$1" i
  kill -0 "${pid}" 2>/dev/null || return 0
  kill -TERM "${pid}" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "${pid}" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "${pid}" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    stop_pid "${pid}"
  done
  if [[ "${CP_STARTED}" == 1 ]]; then
    HCO_GUARD_CP_DIR="${WORK}/cp" "${REPO_DIR}/hack/start-control-plane.sh" down >/dev/null 2>&1 || true
  fi
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  cleanup
  exit "${rc}"
}

install_traps() {
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

rss_mb() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
# The anonymous part of the RSS (heap, stacks, malloc): the rest is file-backed, mostly the mapped executable
# or JDK libraries, page cache the kernel can share and reclaim.
rss_anon_mb() { awk '/^RssAnon:/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

wait_http() { # URL TIMEOUT_S [curl args...]; prints the milliseconds waited
  local url="$1" timeout="$2"
  shift 2
  local t0 now
  t0=$(date +%s%N)
  until curl -fsS -o /dev/null --max-time 2 "$@" "${url}" 2>/dev/null; do
    now=$(date +%s%N)
    (((now - t0) / 1000000000 < timeout)) || return 1
    sleep 0.02
  done
  echo $((($(date +%s%N) - t0) / 1000000))
}

# ------------------------------------------------------------------------------- control plane
cp_up() {
  [[ "${CP_STARTED}" == 1 ]] && return 0
  log "starting kube-apiserver + etcd (hack/start-control-plane.sh up, state ${WORK}/cp)"
  CP_STARTED=1
  HCO_GUARD_CP_DIR="${WORK}/cp" "${REPO_DIR}/hack/start-control-plane.sh" up >"${WORK}/cp-up.log" 2>&1 \
    || { tail -n 20 "${WORK}/cp-up.log" >&2; die "control plane did not start"; }
  # shellcheck disable=SC1091
  source "${WORK}/cp/env"
  "${KUBECTL}" apply -f "${REPO_DIR}/hack/samples/00-namespaces.yaml" -f "${REPO_DIR}/hack/samples/20-hyperconverged.yaml" \
    -f "${REPO_DIR}/hack/samples/30-clusterversion.yaml" >/dev/null
}

# --------------------------------------------------------------------------------- the app
# app_start [JVM options...]: the packaged app on free loopback ports, against the control plane.
# APP_JAVA_OPTS adds JVM options to every start (default none: `java -jar`, as the README runs it).
# With APP_NATIVE set (the native executable's path) that executable runs instead, with APP_NATIVE_OPTS.
app_start() {
  APP_PORT=$(free_port)
  MGMT_PORT=$(free_port)
  APP_LOG="${WORK}/app-$(date +%H%M%S%N).log"
  local opts command
  if [[ -n "${APP_NATIVE:-}" ]]; then
    read -r -a opts <<<"${APP_NATIVE_OPTS:-}"
    command=("${APP_NATIVE}" "${opts[@]}" "$@")
  else
    read -r -a opts <<<"${APP_JAVA_OPTS:-}"
    command=("${JAVA17}" "${opts[@]}" "$@" -jar quarkus-run.jar)
  fi
  (
    cd "${APP_DIR}" || exit
    GUARD_TLS_CERT="${CERTS}/tls.crt" GUARD_TLS_KEY="${CERTS}/tls.key" \
      QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_SSL_PORT="${APP_PORT}" \
      QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="${MGMT_PORT}" \
      exec "${command[@]}"
  ) >"${APP_LOG}" 2>&1 &
  APP_PID=$!
  APP_T0=$(date +%s%N)
  track "${APP_PID}"
  wait_http "http://127.0.0.1:${MGMT_PORT}/q/health/started" 60 >/dev/null || die "app did not start; see ${APP_LOG}"
}

# Milliseconds from the app's launch until its cluster view is synced (/q/health/group/cluster-view;
# readiness itself means only "can answer").
app_wait_ready() {
  wait_http "http://127.0.0.1:${MGMT_PORT}/q/health/group/cluster-view" 600 >/dev/null || die "app view not synced; see ${APP_LOG}"
  echo $((($(date +%s%N) - APP_T0) / 1000000))
}

app_stop() { stop_pid "${APP_PID}"; }

heap_used_mb() {
  curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/{sum += $NF} END {printf "%.0f", sum/1048576}'
}

old_gen_used_mb() {
  curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{.*id="(G1 Old Gen|Tenured Gen|PS Old Gen)"/{sum += $NF} END {printf "%.0f", sum/1048576}'
}

# ------------------------------------------------------------------------------ the floor
# floor_start VAR [decode]: a floor server on a free port; its port goes in VAR, its PID in VAR_PID.
floor_start() {
  local var="$1" mode="${2:-}" port pid log
  port=$(free_port)
  log="${WORK}/floor-${port}.log"
  # exec: the PID tracked is the JVM itself, so cleanup stops it.
  (exec "${JAVA17}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "${BENCH_CP}" \
    io.hcoguard.bench.FloorServer "${port}" "${CERTS}/tls.crt" "${CERTS}/tls.key" "${mode}") >"${log}" 2>&1 &
  pid=$!
  track "${pid}"
  printf -v "${var}" '%s' "${port}"
  printf -v "${var}_PID" '%s' "${pid}"
  local i
  for ((i = 0; i < 300; i++)); do
    grep -q listening "${log}" 2>/dev/null && return 0
    sleep 0.1
  done
  die "floor server did not start; see ${log}"
}
