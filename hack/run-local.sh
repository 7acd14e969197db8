#!/usr/bin/env bash
# Runs hco-guard against a local control plane, as a newcomer's first look:
#   1. builds the webhook (when the jar is missing or older than the sources);
#   2. starts etcd + kube-apiserver (hack/start-control-plane.sh) with the project's CRDs and sample
#      objects (a HyperConverged, a ClusterVersion, an OKD Virtualization InstallPlan, and a VM whose
#      hostpath disk and evictionStrategy LiveMigrate block upgrades);
#   3. makes the webhook's certificates and starts it on https://127.0.0.1:${GUARD_PORT:-8443}
#      (health on :${MGMT_PORT:-9000});
#   4. registers the webhook configurations that manifests/ ships, pointed at this instance;
#   5. prints the variables and the walkthrough of hack/run-local-walkthrough.txt: commands that show
#      it at work, each with its expected outcome (RunLocalIT runs them). Ctrl-C stops everything.
#
# Environment: GUARD_PORT (8443), MGMT_PORT (9000; 0 for either: a free port below the ephemeral
# range, chosen once the control plane listens), HCO_GUARD_CP_DIR (control-plane state dir),
# HCO_GUARD_RUN_DIR (certificates, log, the walkthrough's env; default target/run-local),
# REBUILD=1 (always rebuild the jar).
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${HACK_DIR}")"
export HCO_GUARD_CP_DIR="${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}"
GUARD_PORT="${GUARD_PORT:-8443}"
MGMT_PORT="${MGMT_PORT:-9000}"
RUN_DIR="${HCO_GUARD_RUN_DIR:-${REPO_DIR}/target/run-local}"
APP_PID=""
LOG_TAG=run-local
# shellcheck source=hack/lib/need.sh
source "${HACK_DIR}/lib/need.sh"

stop_all() {
  trap - EXIT INT TERM
  if [[ -n "${APP_PID}" ]] && kill -0 "${APP_PID}" 2>/dev/null; then
    log "stopping hco-guard (pid ${APP_PID})"
    kill "${APP_PID}" 2>/dev/null || true
    wait "${APP_PID}" 2>/dev/null || true
  fi
  "${HACK_DIR}/start-control-plane.sh" down >/dev/null 2>&1 || true
  log "stopped"
}
# A port in 20000-32767, below Linux's ephemeral ports (where etcd's and the API server's are), that
# nothing accepts connections on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 12768))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "${port}"
      return
    fi
  done
  die "no free port found"
}

trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need jq
need openssl
need curl
command -v java >/dev/null || die "a JDK 17+ is required"

# 1. The webhook's jar (first: the control plane's build then finds the classes compiled).
JAR="${REPO_DIR}/target/quarkus-app/quarkus-run.jar"
if [[ "${REBUILD:-0}" == 1 || ! -f "${JAR}" || -n "$(find "${REPO_DIR}/src/main" "${REPO_DIR}/pom.xml" -newer "${JAR}" -print -quit)" ]]; then
  log "building the webhook (./mvnw package -DskipTests)"
  (cd "${REPO_DIR}" && ./mvnw -B -q -ntp package -DskipTests)
fi

# 2. Control plane with CRDs and samples.
APPLY_SAMPLES=1 "${HACK_DIR}/start-control-plane.sh" up >/dev/null
# shellcheck disable=SC1091
source "${HCO_GUARD_CP_DIR}/env"

# 3. The webhook: certificates, process.
[[ "${GUARD_PORT}" != 0 ]] || GUARD_PORT="$(free_port)"
while [[ "${MGMT_PORT}" == 0 || "${MGMT_PORT}" == "${GUARD_PORT}" ]]; do MGMT_PORT="$(free_port)"; done
mkdir -p "${RUN_DIR}"
CA_BUNDLE="$("${REPO_DIR}/certs/generate.sh" --out "${RUN_DIR}/certs" 2>/dev/null)"
GUARD_TLS_CERT="${RUN_DIR}/certs/tls.crt" GUARD_TLS_KEY="${RUN_DIR}/certs/tls.key" \
  QUARKUS_HTTP_SSL_PORT="${GUARD_PORT}" QUARKUS_MANAGEMENT_PORT="${MGMT_PORT}" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  GUARD_UPGRADE_OVERRIDE_GROUPS=virt-admins \
  java -jar "${JAR}" >"${RUN_DIR}/hco-guard.log" 2>&1 &
APP_PID=$!
# Ready (it can answer), then its view of the cluster synced, so the walkthrough's gated edits are judged.
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/group/cluster-view" >/dev/null 2>&1 && break
  kill -0 "${APP_PID}" 2>/dev/null || die "hco-guard exited; see ${RUN_DIR}/hco-guard.log"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/ready" >/dev/null || die "hco-guard not ready; see ${RUN_DIR}/hco-guard.log"
curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/group/cluster-view" >/dev/null \
  || die "hco-guard's view of the cluster is not synced; see ${RUN_DIR}/hco-guard.log"
log "hco-guard ready on https://127.0.0.1:${GUARD_PORT} (log: ${RUN_DIR}/hco-guard.log)"

# 4. The shipped webhook configurations, each clientConfig pointed at this instance.
kubectl create --dry-run=client -o json -f "${REPO_DIR}/manifests/base/webhook-configurations.yaml" \
  | jq --arg base "https://127.0.0.1:${GUARD_PORT}" --arg ca "${CA_BUNDLE}" '
      (if .kind == "List" then .items else [.] end)
      | map(.webhooks |= map(.clientConfig = {url: ($base + .clientConfig.service.path), caBundle: $ca}))
      | {apiVersion: "v1", kind: "List", items: .}' \
  | kubectl apply -f - >&2

# A service account that may read the readiness report.
kubectl -n kubevirt-hyperconverged create serviceaccount report-reader --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl create clusterrole vmi-reader --verb=list --resource=virtualmachineinstances.kubevirt.io --dry-run=client -o yaml \
  | kubectl apply -f - >/dev/null
kubectl create clusterrolebinding report-reader --clusterrole=vmi-reader \
  --serviceaccount=kubevirt-hyperconverged:report-reader --dry-run=client -o yaml | kubectl apply -f - >/dev/null

# 5. The walkthrough's variables (RunLocalIT sources this file too), then the walkthrough.
cat >"${RUN_DIR}/walkthrough.env" <<EOF
export KUBECONFIG=${KUBECONFIG}
export PATH=${CP_BIN_DIR}:\$PATH
GUARD=https://localhost:${GUARD_PORT} MGMT=http://localhost:${MGMT_PORT} CA=${RUN_DIR}/certs/ca.crt
HCO=hyperconvergeds.v1beta1.hco.kubevirt.io
EOF
printf '\nhco-guard is running against a local kube-apiserver. In another terminal:\n\n'
sed 's/^/  /' "${RUN_DIR}/walkthrough.env"
echo
# Prose and commands as they are, expected outcomes as comments, the file's own notes left out.
sed -e '/^##/d' -e 's/^\$ //' -e 's/^=> /# => /' -e 's/^./  &/' "${HACK_DIR}/run-local-walkthrough.txt"
printf '\nPress Ctrl-C to stop hco-guard, kube-apiserver and etcd.\n'

wait "${APP_PID}"
