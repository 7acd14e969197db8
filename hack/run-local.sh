#!/usr/bin/env bash
# Runs hco-guard against a local control plane, as a newcomer's first look:
#   1. builds (once) and starts etcd + kube-apiserver with the project's CRDs and sample objects
#      (a HyperConverged, a ClusterVersion, an OKD Virtualization InstallPlan, and a VM whose
#      hostpath disk and evictionStrategy LiveMigrate block upgrades);
#   2. builds the webhook (when the jar is missing or older than the sources), makes its
#      certificates and starts it on https://127.0.0.1:${GUARD_PORT:-8443} (health on :${MGMT_PORT:-9000});
#   3. registers the webhook configurations that manifests/ ships, pointed at this instance;
#   4. prints KUBECONFIG and kubectl commands that show it at work (the README's "Try it locally"
#      says what each shows). Ctrl-C stops everything.
#
# Environment: GUARD_PORT (8443), MGMT_PORT (9000), HCO_GUARD_CP_DIR (control-plane state dir),
# REBUILD=1 (always rebuild the jar).
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${HACK_DIR}")"
export HCO_GUARD_CP_DIR="${HCO_GUARD_CP_DIR:-${TMPDIR:-/tmp}/hco-guard-cp}"
GUARD_PORT="${GUARD_PORT:-8443}"
MGMT_PORT="${MGMT_PORT:-9000}"
RUN_DIR="${REPO_DIR}/target/run-local"
APP_PID=""

log() { printf '[run-local] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in jq openssl curl; do
  command -v "${tool}" >/dev/null || { [[ $(id -u) == 0 ]] && apt-get update -qq && apt-get install -y -qq "${tool}" >/dev/null; } \
    || die "${tool} is required"
done
command -v java >/dev/null || die "a JDK 17+ is required"

# 1. Control plane with CRDs and samples.
APPLY_SAMPLES=1 "${HACK_DIR}/start-control-plane.sh" up
# shellcheck disable=SC1091
source "${HCO_GUARD_CP_DIR}/env"
# The sample VMIs name their VM by a placeholder uid; make each owner reference exact.
for vmi in $(kubectl get vmi -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\n"}{end}'); do
  ns="${vmi%%/*}" name="${vmi##*/}"
  uid="$(kubectl -n "${ns}" get vm "${name}" -o jsonpath='{.metadata.uid}' 2>/dev/null || true)"
  [[ -n "${uid}" ]] && kubectl -n "${ns}" patch vmi "${name}" --type=json \
    -p "[{\"op\":\"replace\",\"path\":\"/metadata/ownerReferences/0/uid\",\"value\":\"${uid}\"}]" >/dev/null
done

# 2. The webhook: jar, certificates, process.
JAR="${REPO_DIR}/target/quarkus-app/quarkus-run.jar"
if [[ "${REBUILD:-0}" == 1 || ! -f "${JAR}" || -n "$(find "${REPO_DIR}/src/main" "${REPO_DIR}/pom.xml" -newer "${JAR}" -print -quit)" ]]; then
  log "building the webhook (./mvnw package -DskipTests)"
  (cd "${REPO_DIR}" && ./mvnw -B -q -ntp package -DskipTests)
fi
mkdir -p "${RUN_DIR}"
CA_BUNDLE="$("${REPO_DIR}/certs/generate.sh" --out "${RUN_DIR}/certs" 2>/dev/null)"
GUARD_TLS_CERT="${RUN_DIR}/certs/tls.crt" GUARD_TLS_KEY="${RUN_DIR}/certs/tls.key" \
  QUARKUS_HTTP_SSL_PORT="${GUARD_PORT}" QUARKUS_MANAGEMENT_PORT="${MGMT_PORT}" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  GUARD_UPGRADE_OVERRIDE_GROUPS=virt-admins \
  java -jar "${JAR}" >"${RUN_DIR}/hco-guard.log" 2>&1 &
APP_PID=$!
# Ready (it can answer), then its view of the cluster synced, so the demo's gated edits are judged.
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/group/cluster-view" >/dev/null 2>&1 && break
  kill -0 "${APP_PID}" 2>/dev/null || die "hco-guard exited; see ${RUN_DIR}/hco-guard.log"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/ready" >/dev/null || die "hco-guard not ready; see ${RUN_DIR}/hco-guard.log"
curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/health/group/cluster-view" >/dev/null \
  || die "hco-guard's view of the cluster is not synced; see ${RUN_DIR}/hco-guard.log"
log "hco-guard ready on https://127.0.0.1:${GUARD_PORT} (log: ${RUN_DIR#"${REPO_DIR}/"}/hco-guard.log)"

# 3. The shipped webhook configurations, each clientConfig pointed at this instance.
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

# 4. What to try.
cat <<EOT

hco-guard is running against a local kube-apiserver. In another terminal:

  export KUBECONFIG=${KUBECONFIG}
  export PATH=${CP_BIN_DIR}:\$PATH

  # The local HyperConverged CRD has no conversion webhook, so name the version whose layout the
  # sample uses (v1beta1; plain "hco" would pick v1, whose fields live under spec.virtualization):
  HCO=hyperconvergeds.v1beta1.hco.kubevirt.io

  # A mistyped workload update method is refused, with a suggestion:
  kubectl -n kubevirt-hyperconverged patch \$HCO kubevirt-hyperconverged --type=merge \\
    -p '{"spec":{"workloadUpdateStrategy":{"workloadUpdateMethods":["livemigrate"]}}}'

  # The mutating webhook canonicalises (server-side dry run: nothing is stored):
  kubectl -n kubevirt-hyperconverged patch \$HCO kubevirt-hyperconverged --type=merge --dry-run=server \\
    -o jsonpath='{.spec.workloadUpdateStrategy}{"\\n"}' \\
    -p '{"spec":{"workloadUpdateStrategy":{"batchEvictionInterval":"90s","workloadUpdateMethods":["LiveMigrate","Evict","LiveMigrate"]}}}'

  # A cluster upgrade is refused while vm-demo/rhel9-db would stall the node drains:
  kubectl patch clusterversion version --type=merge --dry-run=server \\
    -p '{"spec":{"desiredUpdate":{"version":"4.16.0"}}}'

  # Approving the next OKD Virtualization InstallPlan passes, with a warning: its workload update
  # ([LiveMigrate, Evict]) cannot move rhel9-db (it refuses eviction), so that VMI keeps its old
  # launcher until it restarts, but nothing is shut down for good (dry run: nothing is approved):
  kubectl -n kubevirt-hyperconverged patch installplan install-9x7kq --type=merge --dry-run=server \\
    -p '{"spec":{"approved":true}}'

  # The readiness report (JSON without ?format=text):
  curl -s --cacert ${RUN_DIR}/certs/ca.crt "https://localhost:${GUARD_PORT}/upgrade-readiness?format=text" \\
    -H "Authorization: Bearer \$(kubectl -n kubevirt-hyperconverged create token report-reader)"

  # Fix the VM as the denial says: evictionStrategy LiveMigrateIfPossible with runStrategy Always.
  # A running VMI keeps the strategy it started with, and no KubeVirt runs here to restart it
  # (virtctl restart), so give the running VMI the new strategy by hand instead. It is now shut down
  # at a drain and started again by its VM, and the upgrade passes:
  kubectl -n vm-demo patch vm rhel9-db --type=merge \\
    -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}'
  kubectl -n vm-demo patch vmi rhel9-db --type=merge -p '{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}'
  kubectl patch clusterversion version --type=merge --dry-run=server -p '{"spec":{"desiredUpdate":{"version":"4.16.0"}}}'

  # Health and metrics:
  curl -s localhost:${MGMT_PORT}/q/health/ready; curl -s localhost:${MGMT_PORT}/q/health/group/cluster-view
  curl -s localhost:${MGMT_PORT}/q/metrics | grep '^hco_guard_'

Press Ctrl-C to stop hco-guard, kube-apiserver and etcd.
EOT

wait "${APP_PID}"
