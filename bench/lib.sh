# What bench/run.sh does in bash: tools, builds, certificates, the control plane, and stopping it at
# exit. Sourced, never run. The processes the sections start are io.hcoguard.bench.Bench's (it stops them).
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${BENCH_DIR}")"
WORK="${BENCH_WORK:-${BENCH_DIR}/target/run}"
JAVA17="${JAVA17:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
KUBECTL="${HOME}/.kubeapitest/k8s/1.34.4-linux-amd64/kubectl"
APP_DIR="${REPO_DIR}/target/quarkus-app"
export PATH="${PATH}:/usr/local/go/bin:${HOME}/go/bin"
# What io.hcoguard.bench.Bench reads besides the knobs (bench/src/main/java/io/hcoguard/bench/Knobs.java).
export BENCH_DIR WORK JAVA17 JAVA25 KUBECTL

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
  if ! apt-get update -qq >/dev/null || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
    die "cannot install ${missing[*]}"
  fi
}

ensure_tools() {
  apt_install wrk:wrk openssl:openssl
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
NATIVE_BUILT=0

build_app() {
  ((APP_BUILT)) && return 0
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "${APP_DIR}/quarkus-run.jar" ]]; then
    log "building the app (./mvnw package -DskipTests)"
    (cd "${REPO_DIR}" && ./mvnw -q -B -ntp package -DskipTests) >&2
  fi
  APP_BUILT=1
}

# The native executable (hack/build-native.sh: cached by its inputs), copied to ${WORK} so that a
# JVM build of the app afterwards cannot remove it.
build_native() {
  ((NATIVE_BUILT)) && return 0
  local runner
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "${WORK}/hco-guard-runner" ]]; then
    log "building the native executable (hack/build-native.sh)"
    runner=$("${REPO_DIR}/hack/build-native.sh" | tail -n 1)
    cp -f "${runner}" "${WORK}/hco-guard-runner"
  fi
  export NATIVE_RUNNER="${WORK}/hco-guard-runner"
  NATIVE_BUILT=1
}

build_go_baseline() {
  [[ -n "${GO_BASELINE:-}" ]] && return 0
  log "building the Go controller-runtime baseline (go build in bench/go-baseline)"
  (cd "${BENCH_DIR}/go-baseline" && go build -o target/go-baseline .) >&2 || die "cannot build bench/go-baseline"
  export GO_BASELINE="${BENCH_DIR}/go-baseline/target/go-baseline"
}

# The bare Quarkus app and the AppCDS variants, for startup.
startup_builds() {
  log "building the bare Quarkus app and the AppCDS variants"
  (cd "${REPO_DIR}" && ./mvnw -q -B -ntp -f bench/bare/pom.xml package) >&2
  (cd "${REPO_DIR}" && ./mvnw -q -B -ntp -f bench/bare/pom.xml package -Dquarkus.package.jar.appcds.enabled=true \
    -Dquarkus.package.output-directory=appcds) >&2
  (cd "${REPO_DIR}" && ./mvnw -q -B -ntp package -DskipTests -Dquarkus.package.jar.appcds.enabled=true \
    -Dquarkus.package.output-directory="${BENCH_DIR}/target/app-appcds") >&2
  [[ -f "${BENCH_DIR}/target/app-appcds/app-cds.jsa" ]] || die "no AppCDS archive for the app"
  [[ -f "${BENCH_DIR}/bare/target/appcds/app-cds.jsa" ]] || die "no AppCDS archive for the bare app"
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
  [[ -s "${WORK}/certs/tls.crt" ]] || "${REPO_DIR}/certs/generate.sh" --out "${WORK}/certs" --force >/dev/null 2>&1 \
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

cp_down() {
  [[ "${CP_STARTED}" == 1 ]] || return 0
  HCO_GUARD_CP_DIR="${WORK}/cp" "${REPO_DIR}/hack/start-control-plane.sh" down >/dev/null 2>&1 || true
  CP_STARTED=0
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  cp_down
  exit "${rc}"
}

install_traps() {
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
