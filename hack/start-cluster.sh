#!/usr/bin/env bash
# A local Kubernetes cluster with a real node, to run hco-guard the way an admin installs it:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, a kubelet with containerd and runc,
# kube-proxy (iptables) and CoreDNS, all pinned (hack/versions.env) and built once from the Go module
# proxy (hack/build-control-plane.sh, hack/build-node.sh); containerd, runc, the CNI plugins and
# iptables are Debian's.
#
#   hack/start-cluster.sh up        start it; prints `export KUBECONFIG=...`
#   hack/start-cluster.sh install   build the image if needed, load it into the node, install the
#                                   CRDs and samples, `kubectl apply -k manifests/overlays/self-signed`,
#                                   wait for the rollout
#   hack/start-cluster.sh down      stop everything and put the host back as `up` found it
#   hack/start-cluster.sh status    exit 0 when running; prints the export lines
#
# Everything runs in a network namespace of its own (a file in the state dir, entered with
# `nsenter --net=`, which keeps the host's cgroup mounts in view). A veth pair joins it to the host:
# the node's address NODE_IP inside, HOST_IP on the host side, so kubectl on the host reaches the
# API server at https://NODE_IP:6443. Pods (POD_CIDR, a CNI bridge), Services (SERVICE_CIDR,
# kube-proxy) and cluster DNS exist only inside the namespace; nothing is routed anywhere else.
#
# The host: `up` records the mounts, network namespaces, cgroups, sysctls and node paths the node
# changes (hack/lib/host-state.sh), `down` stops every process of the cluster, unmounts, deletes,
# restores the sysctls, and compares the host with the record (non-zero exit when it differs).
# Needs root (kubelet, containerd, network namespaces).
#
# Environment:
#   HCO_GUARD_CLUSTER_DIR  state dir (default ${TMPDIR:-/tmp}/hco-guard-cluster)
#   NODE_IP, HOST_IP       the veth pair's addresses (default 10.213.0.2 and 10.213.0.1, a /30)
#   POD_CIDR, SERVICE_CIDR (default 10.214.0.0/24, 10.215.0.0/24)
#   IMAGE_ARCHIVE          install: the oci-archive to load (default: hack/build-image.sh jvm's,
#                          built when missing or older than the application)
#   OVERLAY                install: the kustomization to apply (default manifests/overlays/self-signed;
#                          its certs/ are generated when missing)
set -euo pipefail
export LC_ALL=C   # one sort order for the before/after lists

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "${HACK_DIR}")"
# shellcheck source=hack/lib/host-state.sh
source "${HACK_DIR}/lib/host-state.sh"
# shellcheck source=hack/versions.env
source "${HACK_DIR}/versions.env"

STATE_DIR="${HCO_GUARD_CLUSTER_DIR:-${TMPDIR:-/tmp}/hco-guard-cluster}"
MARKER="${STATE_DIR}/.hco-guard-cluster"
PKI="${STATE_DIR}/pki"
NETNS="${STATE_DIR}/netns/node"
NODE_IP="${NODE_IP:-10.213.0.2}"
HOST_IP="${HOST_IP:-10.213.0.1}"
POD_CIDR="${POD_CIDR:-10.214.0.0/24}"
SERVICE_CIDR="${SERVICE_CIDR:-10.215.0.0/24}"
NODE_NAME=hco-guard-node
# The pod cgroups live under this root (kubelet cgroupRoot), so `down` finds every one of them.
CGROUP_ROOT="${HOST_CGROUP_ROOT}"
VETH_HOST=hcg-host
VETH_NODE=hcg-node
CONTAINERD_SOCK="${STATE_DIR}/containerd/containerd.sock"
PAUSE_IMAGE="hco-guard.local/pause:${KUBERNETES_VERSION}"
COMPONENTS=(kube-proxy coredns kubelet kube-scheduler kube-controller-manager containerd kube-apiserver etcd)

LOG_TAG=cluster
# shellcheck source=hack/lib/need.sh
source "${HACK_DIR}/lib/need.sh"

in_node() { nsenter --net="${NETNS}" "$@"; }

# ------------------------------------------------------------------ processes
live_pid() {
  local name="$1" pid
  [[ -f "${STATE_DIR}/${name}.pid" ]] || return 1
  pid="$(<"${STATE_DIR}/${name}.pid")"
  [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" == *"${name} "* ]] || return 1
  echo "${pid}"
}

# spawn NAME CMD...: starts CMD in the node's network namespace, detached, log in NAME.log.
spawn() {
  local name="$1"
  shift
  # setsid: its own session, so a Ctrl-C of the calling terminal does not reach the cluster.
  setsid nsenter --net="${NETNS}" "$@" >"${STATE_DIR}/${name}.log" 2>&1 </dev/null &
  echo $! >"${STATE_DIR}/${name}.pid"
}

wait_until() {
  local what="$1" timeout="$2" name="$3" deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "${name}" ]] && ! live_pid "${name}" >/dev/null; then
      log "${name} exited; last lines of ${STATE_DIR}/${name}.log:"
      tail -n 30 "${STATE_DIR}/${name}.log" >&2 || true
      return 1
    fi
    ((SECONDS < deadline)) || { log "timed out waiting for ${what}"; return 1; }
    sleep 0.5
  done
  log "${what} ($((SECONDS - T0))s)"
}

# Every process of the cluster: those in the node's network namespace (the components, containerd's
# shims) and those in the pod cgroups (the containers, each in a pod network namespace).
cluster_pids() {
  local ns pid f
  if [[ -e "${NETNS}" ]]; then
    ns="$(stat -L -c %i "${NETNS}" 2>/dev/null || true)"
    for pid in /proc/[0-9]*; do
      if [[ -n "${ns}" && "$(stat -L -c %i "${pid}/ns/net" 2>/dev/null)" == "${ns}" ]]; then echo "${pid#/proc/}"; fi
    done
  fi
  for f in /sys/fs/cgroup/*/"${CGROUP_ROOT}"; do
    if [[ -d "${f}" ]]; then find "${f}" -name cgroup.procs -exec cat {} + 2>/dev/null || true; fi
  done
  true
}

# Every PID `down` has signalled, so that it can wait for each one to exit: a killed process leaves
# the node's network namespace and its cgroup while it exits, before it is a zombie, so listing the
# cluster again does not show that it is done.
declare -A SIGNALLED=()

kill_all() {
  local sig="$1" pids pid
  mapfile -t pids < <(cluster_pids | sort -u)
  ((${#pids[@]} == 0)) && return 1
  for pid in "${pids[@]}"; do SIGNALLED["${pid}"]="$(cat "/proc/${pid}/comm" 2>/dev/null || echo '?')"; done
  kill "-${sig}" "${pids[@]}" 2>/dev/null || true
}

# wait_signalled_exited SECONDS: waits until every signalled process has exited (gone, or a zombie
# waiting for its parent or PID 1 to reap it); false, naming the survivors, at the deadline.
wait_signalled_exited() {
  local deadline=$((SECONDS + $1)) pid survivors
  while true; do
    survivors=()
    for pid in "${!SIGNALLED[@]}"; do
      host_process_exited "${pid}" || survivors+=("${SIGNALLED[${pid}]}(${pid})")
    done
    ((${#survivors[@]} == 0)) && return 0
    if ((SECONDS >= deadline)); then
      log "ERROR: processes of the cluster still running $1 s after SIGKILL: ${survivors[*]}"
      return 1
    fi
    sleep 0.2
  done
}

# ------------------------------------------------------------------ down: put the host back
cmd_down() {
  [[ -f "${MARKER}" ]] || { log "nothing to stop (no ${STATE_DIR})"; return 0; }
  local name pid i rc=0
  # The kubelet first, so that it restarts no container; then the containers; then the rest.
  for name in kubelet "${COMPONENTS[@]}"; do
    if pid="$(live_pid "${name}")"; then
      SIGNALLED["${pid}"]="${name}"
      kill -TERM "${pid}" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do host_process_exited "${pid}" && break; sleep 0.1; done
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    [[ "${name}" == kubelet ]] && { kill_all KILL || true; }
  done
  for ((i = 0; i < 50; i++)); do kill_all KILL || break; sleep 0.2; done
  ! kill_all KILL || log "WARNING: processes of the cluster survive: $(cluster_pids | sort -u | tr '\n' ' ')"
  wait_signalled_exited 60 || rc=1

  local before="${STATE_DIR}/host-before"
  if [[ -d "${before}" ]]; then
    # Mounts made since `up`, innermost first (pod volumes, overlays, shm, namespaces).
    # Only under the places the node mounts in: another program's new mount is left alone.
    local m
    while read -r m; do
      case "${m}" in
        "${STATE_DIR}"/* | /run/netns/* | /var/run/netns/* | /run/containerd/* | /var/lib/kubelet/*) ;;
        *) continue ;;
      esac
      umount "${m}" 2>/dev/null || umount -l "${m}" 2>/dev/null || log "WARNING: cannot unmount ${m}"
    done < <(awk '{print $5}' /proc/self/mountinfo | sort | comm -13 "${before}/mounts" - | sort -r)
    # Files and directories the node left in host paths (deepest first).
    local p
    while read -r p; do
      if [[ -d "${p}" && ! -L "${p}" ]]; then rmdir "${p}" 2>/dev/null || rm -rf "${p}"; else rm -f "${p}"; fi
    done < <(for p in "${HOST_PATHS[@]}"; do if [[ -e "${p}" || -L "${p}" ]]; then find "${p}"; fi; done | sort | comm -13 "${before}/paths" - | sort -r)
    # Cgroups made since `up` (runc's and the kubelet's), leaves first; their processes are gone.
    local c
    while read -r c; do
      [[ "${c}" == */"${CGROUP_ROOT}" || "${c}" == */"${CGROUP_ROOT}"/* ]] || continue
      rmdir "${c}" 2>/dev/null || log "WARNING: cannot remove cgroup ${c}"
    done < <(find /sys/fs/cgroup/*/"${CGROUP_ROOT}" -type d 2>/dev/null | sort -r)
    # Sysctls back to their recorded values.
    local kv p
    while IFS= read -r kv; do
      p="/proc/sys/$(tr . / <<<"${kv%%=*}")"
      [[ "$(cat "${p}" 2>/dev/null)" == "${kv#*=}" ]] && continue
      echo "${kv#*=}" >"${p}" 2>/dev/null || log "WARNING: cannot restore ${kv}"
    done <"${before}/sysctls"
  fi
  # The veth pair goes with the namespace; the namespace goes when its last process has exited
  # and its file is unmounted (done above).
  ip link delete "${VETH_HOST}" 2>/dev/null || true

  if [[ -d "${before}" ]]; then
    host_state_snapshot "${STATE_DIR}/host-after"
    if ! host_state_diff "${before}" "${STATE_DIR}/host-after" >"${STATE_DIR}/host-diff"; then
      log "WARNING: the host differs from before 'up':"
      cat "${STATE_DIR}/host-diff" >&2
      rc=1
    fi
  fi
  # Keep the logs for a look after a failure; drop the rest (etcd data, images, keys).
  local keep="${STATE_DIR%/}.last-logs"
  rm -rf "${keep}" && mkdir -p "${keep}" && cp "${STATE_DIR}"/*.log "${keep}/" 2>/dev/null || true
  [[ -f "${STATE_DIR}/host-diff" ]] && cp "${STATE_DIR}/host-diff" "${keep}/"
  rm -rf "${STATE_DIR}"
  ((rc == 0)) && log "stopped; the host is as before 'up' (logs in ${keep})"
  return "${rc}"
}

print_env() {
  [[ -f "${STATE_DIR}/env" ]] || die "no cluster state in ${STATE_DIR}"
  grep -E '^export (KUBECONFIG|PATH)=' "${STATE_DIR}/env"
}

cmd_status() {
  local name ok=1
  [[ -f "${MARKER}" ]] || { log "not running (no ${STATE_DIR})"; return 1; }
  for name in "${COMPONENTS[@]}"; do
    live_pid "${name}" >/dev/null || { log "${name} is not running"; ok=0; }
  done
  if ((ok)); then log "running (state dir ${STATE_DIR})"; print_env; else return 1; fi
}

# ------------------------------------------------------------------ up
issue() {   # issue NAME SUBJECT EXTENSIONS: a key and a certificate signed by the cluster CA
  local name="$1" subject="$2" ext="$3"
  openssl req -newkey rsa:2048 -nodes -keyout "${PKI}/${name}.key" -out "${PKI}/${name}.csr" -subj "${subject}" 2>/dev/null
  printf '%b\n' "${ext}" >"${PKI}/${name}.ext"
  openssl x509 -req -sha256 -days 30 -in "${PKI}/${name}.csr" -CA "${PKI}/ca.crt" -CAkey "${PKI}/ca.key" \
    -CAcreateserial -extfile "${PKI}/${name}.ext" -out "${PKI}/${name}.crt" 2>/dev/null
  rm -f "${PKI}/${name}.csr" "${PKI}/${name}.ext"
}

gen_pki() {
  local client='basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth'
  mkdir -p "${PKI}"
  (umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -keyout "${PKI}/ca.key" -out "${PKI}/ca.crt" \
      -subj "/CN=hco-guard-cluster-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    issue apiserver "/CN=kube-apiserver" "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:${NODE_IP},IP:${SERVICE_CIDR%.*}.1"
    # Client identities the default RBAC policy knows (and the Node authorizer for the kubelet).
    issue admin "/O=system:masters/CN=hco-guard-admin" "${client}"
    issue kubelet "/O=system:nodes/CN=system:node:${NODE_NAME}" "${client}"
    issue controller-manager "/CN=system:kube-controller-manager" "${client}"
    issue scheduler "/CN=system:kube-scheduler" "${client}"
    issue kube-proxy "/CN=system:kube-proxy" "${client}"
    openssl genrsa -out "${PKI}/sa.key" 2048 2>/dev/null
    openssl rsa -in "${PKI}/sa.key" -pubout -out "${PKI}/sa.pub" 2>/dev/null
    rm -f "${PKI}/ca.srl")
}

kubeconfig() {   # kubeconfig NAME SERVER: a kubeconfig for the identity NAME
  local name="$1" server="$2" file="${STATE_DIR}/${1}.kubeconfig"
  (umask 077 && cat >"${file}" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: hco-guard-cluster
  cluster:
    server: ${server}
    certificate-authority-data: $(base64 -w0 <"${PKI}/ca.crt")
users:
- name: ${name}
  user:
    client-certificate-data: $(base64 -w0 <"${PKI}/${name}.crt")
    client-key-data: $(base64 -w0 <"${PKI}/${name}.key")
contexts:
- name: hco-guard-cluster
  context: {cluster: hco-guard-cluster, user: ${name}}
current-context: hco-guard-cluster
EOF
  )
}

# The pause image: Kubernetes' own pause.c, static, the image's only file (hack/build-node.sh).
pause_image() {
  # shellcheck source=hack/lib/oci.sh
  source "${HACK_DIR}/lib/oci.sh"
  local work="${STATE_DIR}/pause-image"
  mkdir -p "${work}/rootfs"
  install -m 0755 "${NODE_BIN}/pause" "${work}/rootfs/pause"
  oci_begin "${work}/oci" 0
  oci_layer "${work}/oci" "${work}/rootfs" "COPY pause /pause"
  oci_finish "${work}/oci" "${PAUSE_IMAGE}" '{"User":"65535:65535","Entrypoint":["/pause"]}'
  oci_archive "${work}/oci" "${work}/pause.oci.tar"
  ctr --address "${CONTAINERD_SOCK}" -n k8s.io images import "${work}/pause.oci.tar" >/dev/null
}

write_configs() {
  mkdir -p "${STATE_DIR}/cni/net.d" "${STATE_DIR}/containerd" "${STATE_DIR}/kubelet" "${STATE_DIR}/pod-logs"
  cat >"${STATE_DIR}/cni/net.d/10-hco-guard.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "hco-guard",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "${STATE_DIR}/cni/ipam",
              "ranges": [[{"subnet": "${POD_CIDR}"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  # restrict_oom_score_adj: this machine has no CAP_SYS_RESOURCE to lower a score; runc, not crun
  # (hybrid cgroup layout); cgroupfs, as the kubelet.
  cat >"${STATE_DIR}/containerd/config.toml" <<EOF
version = 2
root = "${STATE_DIR}/containerd/root"
state = "${STATE_DIR}/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "${CONTAINERD_SOCK}"
[ttrpc]
  address = "${CONTAINERD_SOCK}.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${STATE_DIR}/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${STATE_DIR}/cni/net.d"
EOF
  # failCgroupV1: false and cgroupfs for the hybrid cgroup v1 layout; syncFrequency 10s so that a
  # replaced Secret reaches the pods' files within seconds; image GC off (images are imported,
  # never pulled, so nothing could bring a collected one back).
  cat >"${STATE_DIR}/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${PKI}/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupRoot: /${CGROUP_ROOT}
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
clusterDomain: cluster.local
clusterDNS: [${NODE_IP}]
resolvConf: ""
podLogsDir: ${STATE_DIR}/pod-logs
syncFrequency: 10s
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
serializeImagePulls: false
rotateCertificates: false
protectKernelDefaults: false
EOF
  cat >"${STATE_DIR}/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${STATE_DIR}/kube-proxy.kubeconfig}
hostnameOverride: ${NODE_NAME}
mode: iptables
clusterCIDR: ${POD_CIDR}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
iptables: {localhostNodePorts: false}
# 0: leave the host's conntrack settings alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  # Cluster names from the kubernetes plugin; every other name NXDOMAIN at once (there is no
  # upstream in the namespace, and a lookup that times out costs a pod 6 seconds).
  cat >"${STATE_DIR}/Corefile" <<EOF
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
  errors
  ready 127.0.0.1:8181
  kubernetes cluster.local in-addr.arpa ip6.arpa {
    kubeconfig ${STATE_DIR}/admin.kubeconfig
    pods insecure
  }
  cache 30
  loadbalance
}
.:53 {
  template ANY ANY {
    rcode NXDOMAIN
  }
}
EOF
}

cmd_up() {
  T0=${SECONDS}
  [[ "$(id -u)" == 0 ]] || die "needs root (kubelet, containerd, network namespaces)"
  for t in curl openssl jq nsenter setsid ip iptables:iptables containerd:containerd ctr:containerd runc:runc; do
    need "${t%%:*}" "${t#*:}"
  done
  [[ -x /usr/lib/cni/bridge ]] || need_package containernetworking-plugins
  if [[ -f "${MARKER}" ]]; then
    if cmd_status >/dev/null 2>&1; then log "already running"; print_env; return 0; fi
    log "a stopped or broken cluster is in ${STATE_DIR}; taking it down first"
    cmd_down || true
  fi
  [[ ! -e "${STATE_DIR}" ]] || die "${STATE_DIR} exists and was not made by this script"

  CP_BIN="$("${HACK_DIR}/build-control-plane.sh" | tail -n 1)"
  NODE_BIN="$("${HACK_DIR}/build-node.sh" | tail -n 1)"

  mkdir -p "${STATE_DIR}/netns"
  chmod 0700 "${STATE_DIR}"
  touch "${MARKER}"
  host_state_snapshot "${STATE_DIR}/host-before"
  # From here on, a failure (or Ctrl-C) takes everything down again.
  UP_DONE=0
  trap 'if ((UP_DONE == 0)); then log "start failed; taking the cluster down"; cmd_down || true; fi' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # The node's network namespace, kept by a bind mount on a file of the state dir.
  touch "${NETNS}"
  unshare --net="${NETNS}" true
  in_node ip link set lo up
  in_node ip link add "${VETH_NODE}" type veth peer name "${VETH_HOST}" netns "$$"
  in_node ip addr add "${NODE_IP}/30" dev "${VETH_NODE}"
  in_node ip link set "${VETH_NODE}" up
  # No default route in the namespace: local traffic to a Service address needs a route before
  # kube-proxy's DNAT rewrites it.
  in_node ip route add "${SERVICE_CIDR}" dev "${VETH_NODE}"
  ip addr add "${HOST_IP}/30" dev "${VETH_HOST}"
  ip link set "${VETH_HOST}" up
  log "network namespace ${NETNS}: node ${NODE_IP}, host side ${HOST_IP}"

  gen_pki
  local server="https://${NODE_IP}:6443" n
  for n in admin kubelet controller-manager scheduler kube-proxy; do kubeconfig "${n}" "${server}"; done
  write_configs

  spawn etcd "${CP_BIN}/etcd" --name=hco-guard --data-dir="${STATE_DIR}/etcd" \
    --listen-client-urls=http://127.0.0.1:2379 --advertise-client-urls=http://127.0.0.1:2379 \
    --listen-peer-urls=http://127.0.0.1:2380 --initial-advertise-peer-urls=http://127.0.0.1:2380 \
    --initial-cluster=hco-guard=http://127.0.0.1:2380 --unsafe-no-fsync=true --log-level=warn
  wait_until "etcd ready" 30 etcd in_node curl -fsS http://127.0.0.1:2379/health

  spawn kube-apiserver "${CP_BIN}/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=0.0.0.0 --advertise-address="${NODE_IP}" --secure-port=6443 \
    --cert-dir="${STATE_DIR}/apiserver-certs" \
    --tls-cert-file="${PKI}/apiserver.crt" --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" \
    --kubelet-client-certificate="${PKI}/admin.crt" --kubelet-client-key="${PKI}/admin.key" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI}/sa.pub" --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range="${SERVICE_CIDR}" --authorization-mode=Node,RBAC \
    --enable-priority-and-fairness=false --profiling=false --v=1
  export KUBECONFIG="${STATE_DIR}/admin.kubeconfig"
  KUBECTL="${CP_BIN}/kubectl"
  wait_until "kube-apiserver ready" 90 kube-apiserver "${KUBECTL}" get --raw=/readyz

  spawn kube-controller-manager "${NODE_BIN}/kube-controller-manager" \
    --kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/controller-manager.kubeconfig" \
    --service-account-private-key-file="${PKI}/sa.key" --root-ca-file="${PKI}/ca.crt" \
    --use-service-account-credentials=true --service-cluster-ip-range="${SERVICE_CIDR}" \
    --leader-elect=false --bind-address=127.0.0.1 --profiling=false --v=1
  spawn kube-scheduler "${NODE_BIN}/kube-scheduler" --kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/scheduler.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --profiling=false --v=1

  spawn containerd containerd --config "${STATE_DIR}/containerd/config.toml"
  wait_until "containerd ready" 30 containerd ctr --address "${CONTAINERD_SOCK}" version
  pause_image

  # The kubelet in the namespace with the host's mounts and cgroups in view (nsenter --net only).
  for c in /sys/fs/cgroup/*/; do
    if [[ -f "${c}cgroup.procs" ]]; then mkdir -p "${c}${CGROUP_ROOT}"; fi
  done
  spawn kubelet "${NODE_BIN}/kubelet" --config="${STATE_DIR}/kubelet/config.yaml" \
    --kubeconfig="${STATE_DIR}/kubelet.kubeconfig" --root-dir="${STATE_DIR}/kubelet" \
    --hostname-override="${NODE_NAME}" --node-ip="${NODE_IP}" --v=1
  wait_until "node ${NODE_NAME} Ready" 90 kubelet \
    "${KUBECTL}" wait --for=condition=Ready "node/${NODE_NAME}" --timeout=1s

  spawn kube-proxy "${NODE_BIN}/kube-proxy" --config="${STATE_DIR}/kube-proxy.yaml" --v=1
  # kube-proxy reports healthy before its first sync: wait until the kubernetes Service answers.
  wait_until "kube-proxy routes Services" 60 kube-proxy \
    in_node curl -fsS --max-time 2 --cacert "${PKI}/ca.crt" "https://${SERVICE_CIDR%.*}.1/readyz" \
      --cert "${PKI}/admin.crt" --key "${PKI}/admin.key"
  spawn coredns "${NODE_BIN}/coredns" -conf "${STATE_DIR}/Corefile"
  wait_until "CoreDNS ready" 30 coredns in_node curl -fsS http://127.0.0.1:8181/ready

  cat >"${STATE_DIR}/env" <<EOF
export KUBECONFIG=${STATE_DIR}/admin.kubeconfig
export PATH=${CP_BIN}:\${PATH}
export CLUSTER_NETNS=${NETNS}
export CLUSTER_CA=${PKI}/ca.crt
export CONTAINERD_ADDRESS=${CONTAINERD_SOCK}
export NODE_BIN=${NODE_BIN}
EOF
  UP_DONE=1
  log "cluster up in $((SECONDS - T0))s: Kubernetes ${KUBERNETES_VERSION}, node ${NODE_NAME} (${NODE_IP}); stop with: $0 down"
  print_env
}

# ------------------------------------------------------------------ install
cmd_install() {
  T0=${SECONDS}
  cmd_status >/dev/null || die "no cluster running: $0 up"
  # shellcheck disable=SC1091
  source "${STATE_DIR}/env"
  local archive="${IMAGE_ARCHIVE:-}" image
  if [[ -z "${archive}" ]]; then
    local out
    out="$(cd "${REPO_DIR}" && IF_CHANGED=1 hack/build-image.sh jvm)"
    archive="$(sed -n 's/^ARCHIVE=//p' <<<"${out}")"
  fi
  [[ -f "${archive}" ]] || die "no image archive ${archive}"
  image="$(tar -xOf "${archive}" index.json | jq -r '.manifests[0].annotations["io.containerd.image.name"]')"
  ctr --address "${CONTAINERD_ADDRESS}" -n k8s.io images import "${archive}" >/dev/null
  log "loaded ${image} into the node ($((SECONDS - T0))s)"

  kubectl apply -f "${REPO_DIR}/hack/crds/" >/dev/null
  kubectl wait --for=condition=Established --timeout=60s -f "${REPO_DIR}/hack/crds/" >/dev/null
  # The VMIs last, their owner's real uid in place of the sample's placeholder: the controller
  # manager's garbage collector deletes an object whose owner reference names no existing owner.
  local objects vmi ns owner uid
  objects="$(kubectl create --dry-run=client -o json -f "${REPO_DIR}/hack/samples/" | jq -c 'if .kind == "List" then .items[] else . end')"
  jq -c 'select(.kind != "VirtualMachineInstance")' <<<"${objects}" | kubectl apply -f - >/dev/null
  while read -r vmi; do
    ns="$(jq -r '.metadata.namespace' <<<"${vmi}")"
    owner="$(jq -r '.metadata.ownerReferences[0].name // empty' <<<"${vmi}")"
    if [[ -n "${owner}" ]]; then
      uid="$(kubectl -n "${ns}" get vm "${owner}" -o jsonpath='{.metadata.uid}')"
      vmi="$(jq -c --arg uid "${uid}" '.metadata.ownerReferences[0].uid = $uid' <<<"${vmi}")"
    fi
    kubectl apply -f - <<<"${vmi}" >/dev/null
    kubectl apply --server-side --subresource=status -f - <<<"${vmi}" >/dev/null
  done < <(jq -c 'select(.kind == "VirtualMachineInstance")' <<<"${objects}")
  log "CRDs and samples installed ($((SECONDS - T0))s)"

  local overlay="${OVERLAY:-${REPO_DIR}/manifests/overlays/self-signed}"
  [[ -f "${overlay}/certs/ca-bundle.env" ]] || "${REPO_DIR}/certs/generate.sh" --out "${overlay}/certs" >/dev/null
  local t=${SECONDS}
  kubectl apply -k "${overlay}" >/dev/null
  kubectl -n hco-guard rollout status deployment/hco-guard --timeout=300s >&2
  log "hco-guard rolled out in $((SECONDS - t))s (install $((SECONDS - T0))s)"
  cat >&2 <<EOF

Try it:
  $(print_env | tr '\n' ';' | sed 's/;$//; s/;/; /g')
  kubectl -n hco-guard get pods -o wide
  kubectl -n hco-guard logs deployment/hco-guard | tail -n 3
  kubectl patch hyperconvergeds.v1beta1.hco.kubevirt.io kubevirt-hyperconverged -n kubevirt-hyperconverged --type=merge \\
    -p '{"spec":{"workloadUpdateStrategy":{"workloadUpdateMethods":["livemigrate"]}}}'
  kubectl patch clusterversion version --type=merge -p '{"spec":{"desiredUpdate":{"version":"4.17.1"}}}'
EOF
}

case "${1:-}" in
  up) cmd_up ;;
  install) cmd_install ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help | "") sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" ;;
  *) die "unknown command '$1' (up | install | down | status)" ;;
esac
