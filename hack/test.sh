#!/usr/bin/env bash
# The README's test command: every check CI runs, on a fresh machine (it builds what it needs).
#
#   hack/test.sh                 every stage, in order
#   hack/test.sh verify [...]    only the named stages
#
# Stages:
#   verify   ./mvnw verify: unit, HTTPS and end-to-end tests against a real kube-apiserver
#   native   hack/build-native.sh (./mvnw package -Dnative with a GraalVM/Mandrel >= 23.1 on the machine, else
#            ../shared/native-kit; cached), then the HTTPS and end-to-end tests against the executable (the *IT classes)
set -euo pipefail
cd "$(dirname "$0")/.."

all_stages=(verify native)

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
