#!/usr/bin/env bash
# The README's test command: every check CI runs, on a fresh machine (it builds what it needs).
#
#   hack/test.sh                 every stage, in order
#   hack/test.sh verify [...]    only the named stages
#
# Stages:
#   verify   ./mvnw verify: unit, HTTPS and end-to-end tests against a real kube-apiserver, the
#            alerts through promtool (MonitoringRulesTest), and bin/hco-guard on the packaged app (*IT)
#   native   hack/build-native.sh (./mvnw package -Dnative with a GraalVM/Mandrel >= 23.1 on the machine, else
#            ../shared/native-kit; cached), then the HTTPS and end-to-end tests against the executable (the *IT classes)
#   cluster  hco-guard as shipped: the image (hack/build-image.sh) on a real node (hack/start-cluster.sh),
#            the self-signed overlay applied with kubectl apply -k, ShippedClusterE2ETest against it;
#            the host is compared before and after (hack/lib/host-state.sh). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

all_stages=(verify native cluster)

stage_verify() {
  ./mvnw -B -ntp verify
}

stage_native() {
  local home
  home=$(hack/build-native.sh | sed -n 's/^GRAALVM_HOME=//p')
  # With reuse-existing, Quarkus' native build step takes that executable as it is (no version check, no
  # rebuild) and records it in target/quarkus-artifact.properties, where @QuarkusIntegrationTest finds it;
  # GRAALVM_HOME only keeps it from looking for a container runtime it does not need.
  GRAALVM_HOME="$home" ./mvnw -B -ntp verify -Dnative -Dquarkus.native.reuse-existing=true -Djvm-tests.skip=true
}

stage_cluster() {
  local before after rc=0
  before="$(mktemp -d)" after="$(mktemp -d)"
  # shellcheck source=hack/lib/host-state.sh
  source hack/lib/host-state.sh
  host_state_snapshot "${before}"
  # The test takes its cluster down itself; this is for a JVM that dies before it can.
  trap 'HCO_GUARD_CLUSTER_DIR="${TMPDIR:-/tmp}/hco-guard-cluster-e2e" hack/start-cluster.sh down >/dev/null 2>&1 || true' EXIT
  hack/build-node.sh >/dev/null
  ./mvnw -B -ntp verify -Pcluster || rc=$?
  HCO_GUARD_CLUSTER_DIR="${TMPDIR:-/tmp}/hco-guard-cluster-e2e" hack/start-cluster.sh down >/dev/null 2>&1 || true
  trap - EXIT
  host_state_snapshot "${after}"
  if ! host_state_diff "${before}" "${after}"; then
    echo "hack/test.sh cluster: the host differs from before the stage (above)" >&2
    rc=1
  else
    echo "hack/test.sh cluster: host as before (mounts, network namespaces, cgroups, sysctls, node paths, processes)"
  fi
  rm -rf "${before}" "${after}"
  return "${rc}"
}

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${all_stages[@]}")
for stage in "${stages[@]}"; do
  if ! declare -F "stage_$stage" >/dev/null; then
    echo "hack/test.sh: unknown stage '$stage' (stages: ${all_stages[*]})" >&2
    exit 2
  fi
done
for stage in "${stages[@]}"; do
  start=$SECONDS
  echo "=== hack/test.sh: stage $stage"
  "stage_$stage"
  echo "=== hack/test.sh: stage $stage passed in $((SECONDS - start)) s"
done
