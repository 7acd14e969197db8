#!/usr/bin/env bash
# hco-guard benchmarks. Every figure is printed beside a baseline measured in the same run, because
# other builds share these machines; see bench/README.md for what each one means.
#
#   bench/run.sh decision    JMH: gate, classifier and index at 1k/10k/50k VMIs vs Decision.allow() and JSON decode
#   bench/run.sh topology    10k VMIs on 500 Nodes and 5 MachineConfigPools: gate and index costs, view build time and heap,
#                            beside the same VMIs without Nodes, pools and PVs
#   bench/run.sh startup     JVM startup and RSS: app vs bare Quarkus, plain / AppCDS (JDK 17) / AOT cache (JDK 25)
#   bench/run.sh inventory   10k VMIs+VMs+PVCs in a real API server: sync time, RSS, change-to-report latency
#   bench/run.sh http        HTTPS latency at a fixed rate and saturation throughput vs a bare Vert.x floor
#   bench/run.sh soak        minutes at the fixed rate on /validate-upgrade: errors, RSS and heap every 10 s
#   bench/run.sh e2e         kubectl patch --dry-run=server through the API server, with and without the webhooks
#   bench/run.sh staleness   the e2e fault tests, STALENESS_RUNS times: silent partition detected / healed, restart, compaction
#   bench/run.sh precheck    bin/hco-guard precheck (live and -f) on 10k VMIs+VMs+PVCs: wall time, RSS vs kubectl get
#   bench/run.sh native      native executable vs JVM vs a Go controller-runtime webhook: startup, RSS, p99, saturation
#   bench/run.sh tail        p99 at RATE in TAIL_ROUNDS windows: JVM and native, and older builds (APP_BASELINE_DIR, NATIVE_BASELINE_RUNNER) if set
#   bench/run.sh cluster     inventory + http + soak + e2e on one populated control plane
#   bench/run.sh all         decision + topology + startup + cluster
#
# Environment: VMIS (10000), BLOCKERS (10), NODES (500, topology), TOPOLOGY_ROUNDS (3), RATE (1000 req/s), LOW_RATE (20 req/s), FIXED_SECONDS (30),
# SAT_SECONDS (20), SOAK_SECONDS (300), E2E_RUNS (200), STARTUP_RUNS (5), STALENESS_RUNS (5), TAIL_ROUNDS (3), APP_JAVA_OPTS (JVM options
# for the app, none), APP_NATIVE_OPTS (options for the native executable, -Xmx307m), SKIP_BUILD=1
# (reuse existing builds), BENCH_WORK (bench/target/run).
# Output is also written to $BENCH_WORK/results/<name>-<time>.txt.
#
# This script builds and starts the control plane; the sections themselves are io.hcoguard.bench.Bench
# (bench/src/main/java/io/hcoguard/bench/), which reads the knobs from the environment.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Builds what the sections need, starts the control plane for those that use one, then runs them in one JVM.
run_sections() {
  local needs_cp=0 section
  for section in "$@"; do
    case "${section}" in
      startup) build_app; certs; startup_builds; needs_cp=1 ;;
      inventory | http | soak | e2e) build_app; certs; needs_cp=1 ;;
      precheck) build_app; needs_cp=1 ;;
      native) build_native; build_app; build_go_baseline; certs; needs_cp=1 ;;
      tail) build_native; build_app; certs; needs_cp=1 ;;
    esac
  done
  build_bench
  if ((needs_cp)); then cp_up; fi
  bench_java io.hcoguard.bench.Bench "$@"
}

main() {
  local name="${1:-}"
  case "${name}" in
    decision | topology | startup | inventory | http | soak | e2e | staleness | precheck | native | tail | cluster | all) ;;
    *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 2 ;;
  esac
  mkdir -p "${WORK}/results"
  install_traps
  case "${name}" in
    decision | topology | staleness) ;; # the JDK is all they need (staleness: the tests bring their own control plane)
    *) ensure_tools ;;
  esac
  local out
  out="${WORK}/results/${name}-$(date -u +%Y%m%dT%H%M%SZ).txt"
  # Not a pipeline into tee: the measurements must run in this shell, where the EXIT trap lives.
  exec > >(tee "${out}") 2>&1
  echo "# bench/run.sh ${name}"
  machine
  echo
  case "${name}" in
    cluster) run_sections inventory http e2e soak ;;
    all) run_sections decision topology startup; echo; cp_down; run_sections inventory http e2e soak ;;
    *) run_sections "${name}" ;;
  esac
  echo
  echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  log "written ${out}"
}

main "$@"
