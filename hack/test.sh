#!/usr/bin/env bash
# The README's test command: every check CI runs, on a fresh machine (it builds what it needs).
#
#   hack/test.sh                 every stage, in order
#   hack/test.sh verify [...]    only the named stages
#
# Stages:
#   verify   ./mvnw verify: unit, HTTPS and end-to-end tests against a real kube-apiserver, the
#            alerts through promtool (MonitoringRulesTest), and bin/hco-guard on the packaged app (*IT)
set -euo pipefail
cd "$(dirname "$0")/.."

all_stages=(verify)

stage_verify() {
  ./mvnw -B -ntp verify
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
