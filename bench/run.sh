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
#   bench/run.sh cluster     inventory + http + soak + e2e on one populated control plane
#   bench/run.sh all         decision + topology + startup + cluster
#
# Environment: VMIS (10000), BLOCKERS (10), NODES (500, topology), TOPOLOGY_ROUNDS (3), RATE (1000 req/s), LOW_RATE (20 req/s), FIXED_SECONDS (30),
# SAT_SECONDS (20), SOAK_SECONDS (300), E2E_RUNS (200), STARTUP_RUNS (5), STALENESS_RUNS (5), APP_JAVA_OPTS (JVM options
# for the app, none), APP_NATIVE_OPTS (options for the native executable, -Xmx307m), SKIP_BUILD=1
# (reuse existing builds), BENCH_WORK (bench/target/run).
# Output is also written to $BENCH_WORK/results/<name>-<time>.txt.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VMIS="${VMIS:-10000}"
BLOCKERS="${BLOCKERS:-10}"
RATE="${RATE:-1000}"
LOW_RATE="${LOW_RATE:-20}"
FIXED_SECONDS="${FIXED_SECONDS:-30}"
SAT_SECONDS="${SAT_SECONDS:-20}"
SOAK_SECONDS="${SOAK_SECONDS:-300}"
E2E_RUNS="${E2E_RUNS:-200}"
STARTUP_RUNS="${STARTUP_RUNS:-5}"
STALENESS_RUNS="${STALENESS_RUNS:-5}"
NODES="${NODES:-500}"
TOPOLOGY_ROUNDS="${TOPOLOGY_ROUNDS:-3}"

FLEET_UP=0
APP_UP=0

# ============================================================================ Java sections
# decision, topology, inventory, precheck and staleness are io.hcoguard.bench.Bench's; the control plane
# they need is started here (and stopped by the EXIT trap).
bench_section() { build_bench; bench_java io.hcoguard.bench.Bench "$1"; }

# ============================================================================= shared cluster
fleet_up() {
  ((FLEET_UP)) && return 0
  cp_up
  log "populating ${VMIS} VMs + VMIs + PVCs (${BLOCKERS} blocking)"
  bench_section populate
  FLEET_UP=1
}

app_up() {
  ((APP_UP)) && return 0
  fleet_up
  app_start
  local ms
  ms=$(app_wait_ready)
  log "app synced ${VMIS} VMIs in ${ms} ms from launch (https :${APP_PORT}, management :${MGMT_PORT})"
  APP_UP=1
}

# ================================================================================= 3. inventory
bench_inventory() {
  build_app
  certs
  cp_up
  bench_section inventory
  FLEET_UP=1
}

# ====================================================================================== 2. http
targets() { # NAME URL BODY -> a vegeta targets file
  local file="${WORK}/targets-$1.txt"
  printf 'POST %s\nContent-Type: application/json\n@%s\n' "$2" "$3" >"${file}"
  echo "${file}"
}

# A cold JVM (the app's or the floor's) that meets the full rate at once falls behind while it
# compiles; clients then time out and reconnect (or reset HTTP/2 streams), and the backlog feeds
# itself. Ramp up as traffic grows in real life: 100, then 300 req/s for 5 s each, then the rate for 15 s.
warm_up() { # TARGETS_FILE
  local rate seconds
  for step in 100:5 300:5 "${RATE}":15; do
    rate="${step%%:*}"; seconds="${step#*:}"
    vegeta attack -targets="$1" -rate="${rate}/1s" -duration="${seconds}s" -root-certs="${CERTS}/ca.crt" -timeout=5s >/dev/null
  done
}

# Fixed rate with vegeta over HTTP/2 (what the API server's webhook client speaks).
fixed_row() { # LABEL TARGETS_FILE RATE [warm]
  local label="$1" t="$2" rate="$3" bin load0
  bin="${WORK}/vegeta-fixed-$3-$(basename "$2" .txt).bin"
  [[ "${4:-}" == warm ]] && warm_up "${t}"
  load0=$(loadavg)
  vegeta attack -targets="${t}" -rate="${rate}/1s" -duration="${FIXED_SECONDS}s" -root-certs="${CERTS}/ca.crt" -timeout=5s \
    -output="${bin}"
  vegeta report -type=json "${bin}" | jq -r --arg l "${label}" --arg load "${load0}" '
    [(.latencies["50th"], .latencies["90th"], .latencies["99th"], .latencies.max) | ./1e6 | . * 100 | round / 100] as $p
    | "  \($l)\t| \($p[0])\t| \($p[1])\t| \($p[2])\t| \($p[3])\t| \(.success * 100 * 100 | round / 100)%\t| \(.throughput * 10 | round / 10)\t| \($load)"'
}

wrk_rps() { # URL BODY: saturation, HTTP/1.1, 2 threads x 8 connections
  local out
  out=$(BODY="$2" wrk -t2 -c16 -d"${SAT_SECONDS}s" -s "${BENCH_DIR}/wrk-post.lua" "$1")
  grep -q 'Non-2xx' <<<"${out}" && die "non-2xx answers from $1 under load"
  awk '/^Requests\/sec:/{printf "%.0f", $2}' <<<"${out}"
}

vegeta_max_rps() { # TARGETS_FILE: saturation, HTTP/2, up to 64 requests in flight
  vegeta attack -targets="$1" -rate=0 -max-workers=64 -duration="${SAT_SECONDS}s" -root-certs="${CERTS}/ca.crt" -timeout=5s \
    | vegeta report -type=json | jq -r 'if .success < 1 then "errors" else (.throughput | floor) end'
}

median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

bench_http() {
  build_app
  build_bench
  certs
  app_up
  floor_start FLOOR
  floor_start FLOOR_DECODE decode
  local names=(floor floor-decode validate mutate)
  local -A title url body tfile
  title[floor]="floor: bare Vert.x, canned answer"
  title[floor-decode]="floor + the app's JSON decode"
  title[validate]="app /validate-upgrade"
  title[mutate]="app /mutate-hyperconverged"
  url[floor]="https://127.0.0.1:${FLOOR}/validate-upgrade"
  url[floor-decode]="https://127.0.0.1:${FLOOR_DECODE}/validate-upgrade"
  url[validate]="https://127.0.0.1:${APP_PORT}/validate-upgrade"
  url[mutate]="https://127.0.0.1:${APP_PORT}/mutate-hyperconverged"
  body[floor]="${PAYLOADS}/validate-upgrade.json"
  body[floor-decode]="${PAYLOADS}/validate-upgrade.json"
  body[validate]="${PAYLOADS}/validate-upgrade.json"
  body[mutate]="${PAYLOADS}/mutate-hyperconverged.json"
  local n
  for n in "${names[@]}"; do tfile[$n]=$(targets "${n}" "${url[$n]}" "${body[$n]}"); done

  echo "## 2. HTTPS on loopback (app: ${VMIS} VMIs in its inventory, ${BLOCKERS} blocking: the ClusterVersion update is denied;"
  echo "   dry run, so no Event is written). Load generators run on the same 2 cores."
  echo
  echo "### fixed rate: ${RATE} req/s for ${FIXED_SECONDS} s over HTTP/2 (vegeta), after a 25 s ramp-up"
  {
    printf '  target\t| p50 ms\t| p90 ms\t| p99 ms\t| max ms\t| HTTP 200\t| req/s\t| load\n'
    for n in "${names[@]}"; do fixed_row "${title[$n]}" "${tfile[$n]}" "${RATE}" warm; done
  } | column -t -s $'\t'

  echo
  echo "### low rate: ${LOW_RATE} req/s for ${FIXED_SECONDS} s (the regime of the end-to-end benchmark: idle between requests)"
  {
    printf '  target\t| p50 ms\t| p90 ms\t| p99 ms\t| max ms\t| HTTP 200\t| req/s\t| load\n'
    for n in "${names[@]}"; do fixed_row "${title[$n]}" "${tfile[$n]}" "${LOW_RATE}"; done
  } | column -t -s $'\t'

  echo
  echo "### saturation: 3 interleaved rounds of ${SAT_SECONDS} s per target and tool; median (min-max) req/s"
  local -A wrk_all veg_all
  local round r v
  for round in 1 2 3; do
    for n in "${names[@]}"; do
      r=$(wrk_rps "${url[$n]}" "${body[$n]}")
      v=$(vegeta_max_rps "${tfile[$n]}")
      wrk_all[$n]+="${r} "
      veg_all[$n]+="${v} "
    done
    log "saturation round ${round} done (load $(loadavg))"
  done
  local floor_w floor_v
  # shellcheck disable=SC2086
  floor_w=$(median3 ${wrk_all[floor]})
  # shellcheck disable=SC2086
  floor_v=$(median3 ${veg_all[floor]})
  {
    printf '  target\t| wrk, HTTP/1.1, 16 connections\t| of floor\t| vegeta, HTTP/2, 64 in flight\t| of floor\n'
    for n in "${names[@]}"; do
      # shellcheck disable=SC2086
      local mw mv
      # shellcheck disable=SC2086
      mw=$(median3 ${wrk_all[$n]})
      # shellcheck disable=SC2086
      mv=$(median3 ${veg_all[$n]})
      # shellcheck disable=SC2086
      printf '  %s\t| %s (%s-%s)\t| %s%%\t| %s (%s-%s)\t| %s%%\n' "${title[$n]}" \
        "${mw}" "$(printf '%s\n' ${wrk_all[$n]} | sort -n | head -1)" "$(printf '%s\n' ${wrk_all[$n]} | sort -n | tail -1)" \
        "$((100 * mw / floor_w))" \
        "${mv}" "$(printf '%s\n' ${veg_all[$n]} | sort -n | head -1)" "$(printf '%s\n' ${veg_all[$n]} | sort -n | tail -1)" \
        "$((100 * mv / floor_v))"
    done
  } | column -t -s $'\t'

  echo
  echo "### where the app's CPU goes at saturation (JFR, default settings, ${SAT_SECONDS} s of wrk on /validate-upgrade)"
  /usr/lib/jvm/java-17-openjdk-amd64/bin/jcmd "${APP_PID}" JFR.start name=bench filename="${WORK}/saturation.jfr" >/dev/null
  r=$(wrk_rps "${url[validate]}" "${body[validate]}")
  /usr/lib/jvm/java-17-openjdk-amd64/bin/jcmd "${APP_PID}" JFR.stop name=bench >/dev/null
  echo "  (${r} req/s while recording)"
  bench_java io.hcoguard.bench.ProfileSummary "${WORK}/saturation.jfr"

  stop_pid "${FLOOR_PID}"
  stop_pid "${FLOOR_DECODE_PID}"
  echo
  echo "  app after the run: RSS $(rss_mb "${APP_PID}") MB, heap used $(heap_used_mb) MB"
  echo "  check: $(curl -fsS --cacert "${CERTS}/ca.crt" -H 'Content-Type: application/json' \
    --data-binary "@${PAYLOADS}/validate-upgrade.json" "https://127.0.0.1:${APP_PORT}/validate-upgrade" \
    | jq -c '{allowed: .response.allowed, message: (.response.status.message | split("\n")[0])}')"
  echo "  check: $(curl -fsS --cacert "${CERTS}/ca.crt" -H 'Content-Type: application/json' \
    --data-binary "@${PAYLOADS}/mutate-hyperconverged.json" "https://127.0.0.1:${APP_PORT}/mutate-hyperconverged" \
    | jq -c '{allowed: .response.allowed, patch: (.response.patch | @base64d | fromjson)}')"
}

# ====================================================================================== 6. soak
bench_soak() {
  build_app
  build_bench
  certs
  app_up
  echo "## 6. Soak: ${RATE} req/s on /validate-upgrade for ${SOAK_SECONDS} s (${VMIS} VMIs in the inventory; JVM options: ${APP_JAVA_OPTS:-none})"
  local t bin samples
  t=$(targets soak "https://127.0.0.1:${APP_PORT}/validate-upgrade" "${PAYLOADS}/validate-upgrade.json")
  bin="${WORK}/vegeta-soak.bin"
  samples="${WORK}/soak-samples.txt"
  : >"${samples}"
  warm_up "${t}"
  vegeta attack -targets="${t}" -rate="${RATE}/1s" -duration="${SOAK_SECONDS}s" -root-certs="${CERTS}/ca.crt" -timeout=5s \
    -output="${bin}" &
  local vegeta_pid=$! s
  track "${vegeta_pid}"
  for ((s = 0; s <= SOAK_SECONDS; s += 10)); do
    printf '%d %s %s %s %s\n' "${s}" "$(rss_mb "${APP_PID}")" "$(heap_used_mb)" "$(old_gen_used_mb)" "$(loadavg)" >>"${samples}"
    ((s < SOAK_SECONDS)) && sleep 10
  done
  wait "${vegeta_pid}"
  # Per 10 s window of the attack: requests, errors (not HTTP 200), p99 latency (nearest rank).
  vegeta encode --to csv "${bin}" \
    | awk -F, 'NR == 1 { t0 = $1 } { printf "%d %d %.3f\n", int(($1 - t0) / 1e10) * 10, ($2 == 200 ? 0 : 1), $3 / 1e6 }' \
    | sort -k1,1n -k3,3n \
    | awk 'function flush() { if (n) { r = int(n * 0.99 + 0.999); printf "%d %d %d %.2f\n", w, n, e, lat[r] } }
           NR == 1 || $1 != w { flush(); w = $1; n = 0; e = 0 }
           { n++; e += $2; lat[n] = $3 }
           END { flush() }' >"${WORK}/soak-windows.txt"
  echo "   t (s) | RSS MB | heap used MB | old gen used MB | load | requests in next 10 s | not HTTP 200 | p99 ms"
  awk 'NR == FNR { n[$1] = $2; e[$1] = $3; p[$1] = $4; next }
       { printf "   %5s | %6s | %12s | %15s | %4s | %21s | %12s | %6s\n", $1, $2, $3, $4, $5,
           ($1 in n) ? n[$1] : "-", ($1 in e) ? e[$1] : "-", ($1 in p) ? p[$1] : "-" }' \
    "${WORK}/soak-windows.txt" "${samples}"
  vegeta report -type=json "${bin}" | jq -r '"   total: \(.requests) requests, \((.success * 100 * 1000 | round) / 1000)% HTTP 200, errors: \(.errors | length), p50 \(.latencies["50th"] / 1e6 * 100 | round / 100) ms, p99 \(.latencies["99th"] / 1e6 * 100 | round / 100) ms, max \(.latencies.max / 1e6 * 100 | round / 100) ms, \(.throughput * 10 | round / 10) req/s"'
}

# ======================================================================================= 5. e2e
# The sample HyperConverged is written in the v1beta1 layout; the local CRD serves v1 unconverted,
# so the resource is named with its version (kubectl would otherwise pick v1, whose layout differs).
hco_patch_args() {
  echo "${KUBECTL} patch hyperconvergeds.v1beta1.hco.kubevirt.io kubevirt-hyperconverged -n kubevirt-hyperconverged --type merge -p '{\"spec\":{\"workloadUpdateStrategy\":{\"batchEvictionInterval\":\"90s\"}}}' --dry-run=server -o name"
}

interval_seen() {
  "${KUBECTL}" patch hyperconvergeds.v1beta1.hco.kubevirt.io kubevirt-hyperconverged -n kubevirt-hyperconverged --type merge \
    -p '{"spec":{"workloadUpdateStrategy":{"batchEvictionInterval":"90s"}}}' --dry-run=server \
    -o jsonpath='{.spec.workloadUpdateStrategy.batchEvictionInterval}'
}

e2e_series() { # LABEL -> percentiles of E2E_RUNS runs
  local label="$1" json="${WORK}/e2e-${1// /_}.json"
  hyperfine -N --style none --runs "${E2E_RUNS}" --warmup 5 --export-json "${json}" "$(hco_patch_args)" >/dev/null 2>&1
  printf '  %-36s %s\n' "${label}" "$(jq -r '.results[0].times | sort | length as $n | map(. * 1000 * 10 | round / 10) |
    "p50 \(.[($n * 0.5 | floor)]) ms | p90 \(.[($n * 0.9 | floor)]) ms | p99 \(.[($n * 0.99 | floor)]) ms | max \(.[-1]) ms (n=\($n))"' "${json}")"
}

# "SUM COUNT" of the webhook call durations the API server records for hco-guard's webhooks.
webhook_seconds_apiserver() {
  "${KUBECTL}" get --raw /metrics | awk '/^apiserver_admission_webhook_admission_duration_seconds_(sum|count)\{.*hco-guard/ {
      if ($1 ~ /_sum/) s += $NF; else c += $NF } END { print s + 0, c + 0 }'
}

# "SUM COUNT" of the app's own decision timer for the HyperConverged webhooks.
webhook_seconds_app() {
  curl -fsS "http://127.0.0.1:${MGMT_PORT}/q/metrics" | awk '/^hco_guard_admission_duration_seconds_(sum|count)\{.*hyperconverged/ {
      if ($1 ~ /_sum/) s += $NF; else c += $NF } END { print s + 0, c + 0 }'
}

per_run() { # "SUM COUNT" before, after: mean milliseconds per kubectl run (two webhook calls each)
  awk -v b="$1" -v a="$2" 'BEGIN { split(b, x, " "); split(a, y, " "); calls = y[2] - x[2];
      printf "%.2f ms (mean of %d calls, both webhooks summed)", calls ? 2000 * (y[1] - x[1]) / calls : 0, calls }'
}

bench_e2e() {
  build_app
  build_bench
  certs
  app_up
  echo "## 5. End to end: kubectl patch --dry-run=server of the HyperConverged (batchEvictionInterval 90s), ${E2E_RUNS} runs each"
  local manifest="${REPO_DIR}/manifests/base/webhook-configurations.yaml"
  bench_java io.hcoguard.bench.Webhooks unregister "${manifest}" >/dev/null 2>&1 || true
  e2e_series "without the webhooks (baseline)"
  bench_java io.hcoguard.bench.Webhooks register "${manifest}" "${APP_PORT}" "${CERTS}/ca.crt" >/dev/null
  local i
  for ((i = 0; i < 100; i++)); do
    [[ "$(interval_seen 2>/dev/null)" == 1m30s ]] && break
    sleep 0.2
  done
  [[ "$(interval_seen)" == 1m30s ]] || die "the mutating webhook is not in the path (batchEvictionInterval not rewritten)"
  local api_before app_before
  api_before=$(webhook_seconds_apiserver)
  app_before=$(webhook_seconds_app)
  e2e_series "with mutate + validate webhooks"
  echo "  per kubectl patch, as the API server times its two webhook calls: $(per_run "${api_before}" "$(webhook_seconds_apiserver)")"
  echo "  per kubectl patch, as the app times its two decisions:           $(per_run "${app_before}" "$(webhook_seconds_app)")"
  bench_java io.hcoguard.bench.Webhooks unregister "${manifest}" >/dev/null
  e2e_series "without the webhooks (again)"
  echo "  check: with the webhooks the dry run returned batchEvictionInterval 1m30s (mutated), without 90s: $(interval_seen)"
}

# =================================================================================== 4. startup
# Builds the variants: app and bare Quarkus app, plain and with Quarkus' AppCDS (JDK 17), and
# trains a JDK 25 AOT cache for each (a run with -XX:AOTCacheOutput that serves a few requests).
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

# The environment both apps run with: free loopback ports, the generated certificate, the API server.
startup_env() {
  S_PORT=$(free_port)
  S_MGMT=$(free_port)
  export GUARD_TLS_CERT="${CERTS}/tls.crt" GUARD_TLS_KEY="${CERTS}/tls.key" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_SSL_PORT="${S_PORT}" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="${S_MGMT}"
}

aot_train() { # DIR OUTPUT: one training run on JDK 25 that serves requests, then exits (writing the cache)
  local dir="$1" out="$2" pid
  rm -f "${out}"
  (cd "${dir}" && exec "${JAVA25}" -XX:AOTCacheOutput="${out}" -jar quarkus-run.jar) >"${out}.train.log" 2>&1 &
  pid=$!
  track "${pid}"
  wait_http "http://127.0.0.1:${S_MGMT}/q/health/started" 60 >/dev/null || die "AOT training run did not start (${out}.train.log)"
  local i answered=0
  for ((i = 0; i < 300; i++)); do
    curl -s -o /dev/null --cacert "${CERTS}/ca.crt" -H 'Content-Type: application/json' \
      --data-binary "@${PAYLOADS}/validate-upgrade.json" "https://127.0.0.1:${S_PORT}/validate-upgrade" && ((++answered))
    curl -s -o /dev/null --cacert "${CERTS}/ca.crt" -H 'Content-Type: application/json' \
      --data-binary "@${PAYLOADS}/mutate-hyperconverged.json" "https://127.0.0.1:${S_PORT}/mutate-hyperconverged" && ((++answered))
  done
  curl -s -o /dev/null "http://127.0.0.1:${S_MGMT}/q/health/ready" || true
  curl -s -o /dev/null "http://127.0.0.1:${S_MGMT}/q/metrics" || true
  ((answered > 500)) || die "the AOT training run answered only ${answered} of 600 requests (${out}.train.log)"
  kill -TERM "${pid}"
  wait "${pid}" 2>/dev/null || true
  [[ -s "${out}" ]] || die "no AOT cache written (${out}.train.log)"
  # The training JVM hands the cache to a child JVM that assembles it; wait until the ports are free.
  while (exec 3<>"/dev/tcp/127.0.0.1/${S_MGMT}") 2>/dev/null; do sleep 0.2; done
}

probe() { # LABEL DIR JAVA [JVM options...]
  local label="$1" dir="$2"
  shift 2
  bench_java io.hcoguard.bench.StartupProbe "${label}" "${STARTUP_RUNS}" \
    "http://127.0.0.1:${S_MGMT}/q/health/started" "https://127.0.0.1:${S_PORT}/validate-upgrade" \
    "${CERTS}/ca.crt" "${PAYLOADS}/validate-upgrade.json" "${WORK}/startup" \
    -- bash -c 'cd "$0" && exec "$@" -jar quarkus-run.jar' "${dir}" "$@"
}

# Classes loaded from the archive vs all classes loaded, for one start: proof the archive is used.
archive_share() { # DIR JAVA [JVM options...]
  local dir="$1" pid list="${WORK}/class-load.txt"
  shift
  rm -f "${list}"
  (cd "${dir}" && exec "$@" -Xlog:class+load:file="${list}" -jar quarkus-run.jar) >/dev/null 2>&1 &
  pid=$!
  track "${pid}"
  wait_http "http://127.0.0.1:${S_MGMT}/q/health/started" 60 >/dev/null || die "no start for the archive check"
  stop_pid "${pid}"
  while (exec 3<>"/dev/tcp/127.0.0.1/${S_MGMT}") 2>/dev/null; do sleep 0.2; done
  echo "$(grep -c 'shared objects file' "${list}") of $(grep -c 'source:' "${list}") classes from the archive"
}

bench_startup() {
  build_app
  build_bench
  certs
  startup_builds
  cp_up
  startup_env
  local bare="${BENCH_DIR}/bare/target/quarkus-app" bare_cds="${BENCH_DIR}/bare/target/appcds"
  local app="${APP_DIR}" app_cds="${BENCH_DIR}/target/app-appcds"
  log "training the JDK 25 AOT caches"
  aot_train "${bare}" "${WORK}/bare.aot"
  aot_train "${app}" "${WORK}/app.aot"
  echo "## 4. Startup in JVM mode (median of ${STARTUP_RUNS} runs after 1 discarded; both apps point at the same empty API server)"
  echo "   JDK 17: $("${JAVA17}" -version 2>&1 | sed -n 2p); JDK 25: $("${JAVA25}" -version 2>&1 | sed -n 2p)"
  probe "bare Quarkus, JDK 17" "${bare}" "${JAVA17}" | grep RESULT
  probe "app, JDK 17" "${app}" "${JAVA17}" | grep RESULT
  probe "bare Quarkus, JDK 17 AppCDS" "${bare_cds}" "${JAVA17}" -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto | grep RESULT
  probe "app, JDK 17 AppCDS" "${app_cds}" "${JAVA17}" -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto | grep RESULT
  probe "bare Quarkus, JDK 25" "${bare}" "${JAVA25}" | grep RESULT
  probe "app, JDK 25" "${app}" "${JAVA25}" | grep RESULT
  probe "bare Quarkus, JDK 25 AOT cache" "${bare}" "${JAVA25}" -XX:AOTCache="${WORK}/bare.aot" | grep RESULT
  probe "app, JDK 25 AOT cache" "${app}" "${JAVA25}" -XX:AOTCache="${WORK}/app.aot" | grep RESULT
  echo "   app AppCDS archive: $(du -m "${app_cds}/app-cds.jsa" | cut -f1) MB, $(archive_share "${app_cds}" "${JAVA17}" -XX:SharedArchiveFile=app-cds.jsa)"
  echo "   app AOT cache:      $(du -m "${WORK}/app.aot" | cut -f1) MB, $(archive_share "${app}" "${JAVA25}" -XX:AOTCache="${WORK}/app.aot")"
  echo "   app, no archive:    JDK 17 default CDS only, $(archive_share "${app}" "${JAVA17}")"
}

# ================================================================================== 7. precheck
bench_precheck() {
  build_app
  cp_up
  bench_section precheck
  FLEET_UP=1
}

# =================================================================================== 10. native
# The native executable beside the JVM app and a Go controller-runtime webhook (go-baseline/: the same
# endpoints, certificate, watched kinds and slim caches, the gate reduced to its storage rule), in one run
# against one API server: startup to the first answer, idle RSS, RSS with the fleet, latency at RATE and
# saturation. The JVM runs with APP_JAVA_OPTS; the native executable with APP_NATIVE_OPTS (default
# -Xmx307m: the heap cap the Deployment's JVM options give a JVM, 60 % of its 512Mi limit; without it the
# executable may grow its heap to 80 % of the machine's RAM); Go with GOMEMLIMIT unset, as controller-runtime
# webhooks usually run.
declare -A V_PORT V_MGMT V_PID

GO_BASELINE=""
build_go_baseline() {
  [[ -n "${GO_BASELINE}" ]] && return 0
  log "building the Go controller-runtime baseline (go build in bench/go-baseline)"
  (cd "${BENCH_DIR}/go-baseline" && go build -o target/go-baseline .) >&2 || die "cannot build bench/go-baseline"
  GO_BASELINE="${BENCH_DIR}/go-baseline/target/go-baseline"
}

started_path() { [[ "$1" == go ]] && echo /healthz || echo /q/health/started; }
# The Go baseline's readyz is its cache synced; hco-guard's readiness means only "can answer".
ready_path() { [[ "$1" == go ]] && echo /readyz || echo /q/health/group/cluster-view; }

go_start() { # the Go baseline on free loopback ports; sets what app_start sets
  APP_PORT=$(free_port)
  MGMT_PORT=$(free_port)
  APP_LOG="${WORK}/go-$(date +%H%M%S%N).log"
  GUARD_TLS_CERT="${CERTS}/tls.crt" GUARD_TLS_KEY="${CERTS}/tls.key" HTTPS_PORT="${APP_PORT}" PROBE_PORT="${MGMT_PORT}" \
    METRICS_PORT="$(free_port)" "${GO_BASELINE}" >"${APP_LOG}" 2>&1 &
  APP_PID=$!
  APP_T0=$(date +%s%N)
  track "${APP_PID}"
  # The machine is shared: a Go heap has no cap of its own, so a baseline that runs away is stopped at 2 GB.
  (while rss=$(rss_mb "${APP_PID}" 2>/dev/null) && [[ -n "${rss}" ]]; do
     ((rss < 2048)) || { log "the Go baseline passed 2 GB RSS: stopped"; kill -KILL "${APP_PID}"; }
     sleep 1
   done) &
  track $!
  wait_http "http://127.0.0.1:${MGMT_PORT}/healthz" 60 >/dev/null || die "the Go baseline did not start; see ${APP_LOG}"
}

variant_start() { # jvm|native|go: starts that variant; keeps its ports and PID in V_PORT, V_MGMT, V_PID
  case "$1" in
    native) APP_NATIVE="${NATIVE_RUNNER}" app_start ;;
    jvm) APP_NATIVE="" app_start ;;
    go) go_start ;;
  esac
  V_PORT[$1]="${APP_PORT}"
  V_MGMT[$1]="${MGMT_PORT}"
  V_PID[$1]="${APP_PID}"
}

variant_wait_ready() { # VARIANT: milliseconds from its launch until its readiness probe answers 200
  wait_http "http://127.0.0.1:${MGMT_PORT}$(ready_path "$1")" 600 >/dev/null || die "$1 not ready; see ${APP_LOG}"
  echo $((($(date +%s%N) - APP_T0) / 1000000))
}

startup_probe() { # LABEL VARIANT COMMAND...: the StartupProbe, ports from startup_env (the Go baseline reads its own names)
  local label="$1" variant="$2"
  shift 2
  HTTPS_PORT="${S_PORT}" PROBE_PORT="${S_MGMT}" METRICS_PORT="$(free_port)" \
    bench_java io.hcoguard.bench.StartupProbe "${label}" "${STARTUP_RUNS}" \
    "http://127.0.0.1:${S_MGMT}$(started_path "${variant}")" "https://127.0.0.1:${S_PORT}/validate-upgrade" \
    "${CERTS}/ca.crt" "${PAYLOADS}/validate-upgrade.json" "${WORK}/startup" -- "$@" | grep RESULT
}

native_startup() { # each variant's start, against the same empty API server
  startup_env
  # shellcheck disable=SC2086 # options are split on purpose
  startup_probe "JVM: java -jar" jvm bash -c 'cd "$0" && exec "$@" -jar quarkus-run.jar' "${APP_DIR}" "${JAVA17}" ${APP_JAVA_OPTS:-}
  # shellcheck disable=SC2086
  startup_probe "native executable" native "${NATIVE_RUNNER}" ${APP_NATIVE_OPTS}
  startup_probe "Go controller-runtime" go "${GO_BASELINE}"
}

bench_native() {
  : "${APP_NATIVE_OPTS:=-Xmx307m}"
  build_native
  build_app
  build_bench
  build_go_baseline
  certs
  cp_up
  local v variants=(jvm native go)
  local -A name ready idle idle_anon full_ready full_rss full_anon after_rss after_anon
  name[jvm]="JVM (java -jar)"
  name[native]="native executable"
  name[go]="Go controller-runtime"
  echo "## 10. Native executable vs JVM vs Go (JVM options: ${APP_JAVA_OPTS:-none}; native options: ${APP_NATIVE_OPTS})"
  echo "   native executable: $(du -m "${NATIVE_RUNNER}" | cut -f1) MB, links $(ldd "${NATIVE_RUNNER}" | awk '$1 !~ /^\// {print $1}' | paste -sd ' ')"
  echo "   Go baseline: $(du -m "${GO_BASELINE}" | cut -f1) MB, $(go version | cut -d' ' -f3), controller-runtime $(grep -o 'controller-runtime v[0-9.]*' "${BENCH_DIR}/go-baseline/go.mod" | cut -d' ' -f2)"
  echo
  echo "### startup to the first answer (median of ${STARTUP_RUNS} runs after 1 discarded; the same empty API server)"
  (native_startup)

  log "idle RSS: each variant alone, 30 s after ready, empty cluster"
  for v in "${variants[@]}"; do
    variant_start "${v}"
    ready[$v]=$(variant_wait_ready "${v}")
    sleep 30
    idle[$v]=$(rss_mb "${APP_PID}")
    idle_anon[$v]=$(rss_anon_mb "${APP_PID}")
    app_stop
  done

  fleet_up
  log "all variants against ${VMIS} VMIs, VMs and PVCs"
  for v in "${variants[@]}"; do
    variant_start "${v}"
    full_ready[$v]=$(variant_wait_ready "${v}")
  done
  sleep 30
  for v in "${variants[@]}"; do
    full_rss[$v]=$(rss_mb "${V_PID[$v]}")
    full_anon[$v]=$(rss_anon_mb "${V_PID[$v]}")
  done

  echo
  echo "### memory"
  {
    printf '  \t| %s\t| %s\t| %s\n' "${name[jvm]}" "${name[native]}" "${name[go]}"
    printf '  launch -> ready, empty cluster\t| %s ms\t| %s ms\t| %s ms\n' "${ready[jvm]}" "${ready[native]}" "${ready[go]}"
    printf '  idle RSS, empty cluster, 30 s after ready\t| %s MB\t| %s MB\t| %s MB\n' "${idle[jvm]}" "${idle[native]}" "${idle[go]}"
    printf '    of which anonymous (not file-backed)\t| %s MB\t| %s MB\t| %s MB\n' "${idle_anon[jvm]}" "${idle_anon[native]}" \
      "${idle_anon[go]}"
    printf '  launch -> ready, %s VMIs (all three running)\t| %s ms\t| %s ms\t| %s ms\n' "${VMIS}" \
      "${full_ready[jvm]}" "${full_ready[native]}" "${full_ready[go]}"
    printf '  RSS with %s VMIs+VMs+PVCs, 30 s after ready\t| %s MB\t| %s MB\t| %s MB\n' "${VMIS}" \
      "${full_rss[jvm]}" "${full_rss[native]}" "${full_rss[go]}"
    printf '    of which anonymous\t| %s MB\t| %s MB\t| %s MB\n' "${full_anon[jvm]}" "${full_anon[native]}" "${full_anon[go]}"
  } | column -t -s $'\t'

  local -A tv tm
  for v in "${variants[@]}"; do
    tv[$v]=$(targets "${v}-validate" "https://127.0.0.1:${V_PORT[$v]}/validate-upgrade" "${PAYLOADS}/validate-upgrade.json")
    tm[$v]=$(targets "${v}-mutate" "https://127.0.0.1:${V_PORT[$v]}/mutate-hyperconverged" "${PAYLOADS}/mutate-hyperconverged.json")
  done
  echo
  echo "### ${RATE} req/s for ${FIXED_SECONDS} s over HTTP/2 (vegeta) after a 25 s ramp; /validate-upgrade is denied (${BLOCKERS} blockers)"
  {
    printf '  target\t| p50 ms\t| p90 ms\t| p99 ms\t| max ms\t| HTTP 200\t| req/s\t| load\n'
    for v in "${variants[@]}"; do
      fixed_row "${name[$v]} /validate-upgrade" "${tv[$v]}" "${RATE}" warm
      [[ "${v}" == go ]] || fixed_row "${name[$v]} /mutate-hyperconverged" "${tm[$v]}" "${RATE}" warm
    done
  } | column -t -s $'\t'

  echo
  echo "### saturation on /validate-upgrade: 3 interleaved rounds of ${SAT_SECONDS} s per variant and tool; median (all rounds) req/s"
  local -A wrk_all veg_all
  local round
  for round in 1 2 3; do
    for v in "${variants[@]}"; do
      wrk_all[$v]+="$(wrk_rps "https://127.0.0.1:${V_PORT[$v]}/validate-upgrade" "${PAYLOADS}/validate-upgrade.json") "
      veg_all[$v]+="$(vegeta_max_rps "${tv[$v]}") "
    done
    log "saturation round ${round} done (load $(loadavg))"
  done
  {
    printf '  variant\t| wrk, HTTP/1.1, 16 connections\t| vegeta, HTTP/2, 64 in flight\n'
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2086
      printf '  %s\t| %s (%s)\t| %s (%s)\n' "${name[$v]}" "$(median3 ${wrk_all[$v]})" "${wrk_all[$v]% }" \
        "$(median3 ${veg_all[$v]})" "${veg_all[$v]% }"
    done
  } | column -t -s $'\t'
  for v in "${variants[@]}"; do
    after_rss[$v]=$(rss_mb "${V_PID[$v]}")
    after_anon[$v]=$(rss_anon_mb "${V_PID[$v]}")
  done
  echo
  echo "  RSS (anonymous) after the load: ${name[jvm]} ${after_rss[jvm]} (${after_anon[jvm]}) MB, ${name[native]}" \
    "${after_rss[native]} (${after_anon[native]}) MB, ${name[go]} ${after_rss[go]} (${after_anon[go]}) MB"
  for v in "${variants[@]}"; do
    echo "  check ${name[$v]}: $(curl -fsS --cacert "${CERTS}/ca.crt" -H 'Content-Type: application/json' \
      --data-binary "@${PAYLOADS}/validate-upgrade.json" "https://127.0.0.1:${V_PORT[$v]}/validate-upgrade" \
      | jq -c '{allowed: .response.allowed, message: (.response.status.message | split("\n")[0])}')"
  done
}

# ======================================================================================== main
main() {
  local name="${1:-}"
  case "${name}" in
    decision | topology | startup | inventory | http | soak | e2e | staleness | precheck | native | cluster | all) ;;
    *) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 2 ;;
  esac
  mkdir -p "${WORK}/results"
  install_traps
  case "${name}" in
    decision | topology) ;; # JMH and plain Java: the JDK is all they need
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
    decision | topology | staleness) bench_section "${name}" ;;
    startup) bench_startup ;;
    inventory) bench_inventory ;;
    http) bench_http ;;
    soak) bench_soak ;;
    e2e) bench_e2e ;;
    precheck) bench_precheck ;;
    native) bench_native ;;
    cluster) bench_inventory; echo; bench_http; echo; bench_e2e; echo; bench_soak ;;
    all) bench_section decision; echo; bench_section topology; echo; bench_startup; echo; cleanup; CP_STARTED=0; STARTED_PIDS=()
         bench_inventory; echo; bench_http; echo; bench_e2e; echo; bench_soak ;;
  esac
  echo
  echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  log "written ${out}"
}

main "$@"
