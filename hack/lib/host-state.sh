# shellcheck shell=bash
# What a local cluster changes on the host, recorded before it starts so that `down` can put it
# back, and compared after `down` to prove that it did. Sourced by hack/start-cluster.sh and
# hack/test.sh; defines functions only.
#
#   host_state_snapshot DIR    writes DIR/{mounts,netns,cgroups,sysctls,paths,processes}
#   host_state_diff A B        prints what differs between two snapshots; false when anything does
#
# What is recorded, and why:
#   mounts     mount points (the kubelet's volume tmpfs, containerd's overlays and shm, the pods'
#              network namespaces are mounts)
#   netns      entries of /run/netns (containerd's pod namespaces)
#   cgroups    the top-level cgroups of every hierarchy, and the whole tree under HOST_CGROUP_ROOT
#              (the kubelet's cgroupRoot: its pod cgroups and runc's container cgroups); deeper
#              cgroups of others (a job runner's per-command groups) come and go on their own
#   sysctls    the host settings the kubelet and kube-proxy write (HOST_SYSCTLS)
#   paths      what exists under the host directories the node writes to although it is told
#              to keep its state elsewhere (HOST_PATHS: kubelet's /var/log/containers, containerd's
#              shim sockets in /run/containerd, the CNI cache in /var/lib/cni, iptables' lock)
#   processes  node programs that are running (HOST_PROGRAMS), by name; etcd and kube-apiserver are
#              left out because the other tests start their own (start-cluster.sh stops its own by PID).
#              A zombie (state Z or X: exited, not yet reaped by its parent or, for an orphan, by
#              PID 1 whenever it gets to it) is not counted: it holds no memory, mount, namespace or
#              cgroup, nothing can act on it, and it goes when it is reaped

# The kubelet sets these at start (pkg/kubelet/cm: setupKernelTunables, protectKernelDefaults
# false); kube-proxy is configured to leave conntrack alone but is watched all the same.
HOST_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.netfilter.nf_conntrack_max
  net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)
HOST_PATHS=(/run/containerd /run/netns /var/run/netns /var/lib/kubelet /var/log/pods /var/log/containers
  /var/lib/cni /etc/cni /opt/cni /run/xtables.lock /var/lib/containerd /etc/kubernetes)
HOST_CGROUP_ROOT=hco-guard-node
HOST_PROGRAMS=(kube-controller-manager kube-scheduler kubelet kube-proxy coredns
  containerd containerd-shim-runc-v2 runc pause)

host_state_snapshot() {
  local dir="$1" key p
  mkdir -p "${dir}"
  awk '{print $5}' /proc/self/mountinfo | sort >"${dir}/mounts"
  { ls -1 /run/netns 2>/dev/null || true; } | sort >"${dir}/netns"
  {
    find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d 2>/dev/null || true
    find /sys/fs/cgroup/*/"${HOST_CGROUP_ROOT}" -mindepth 1 -type d 2>/dev/null || true
  } | sort -u >"${dir}/cgroups"
  for key in "${HOST_SYSCTLS[@]}"; do
    p="/proc/sys/${key//.//}"
    if [[ -r "${p}" ]]; then echo "${key}=$(<"${p}")"; fi
  done >"${dir}/sysctls"
  for p in "${HOST_PATHS[@]}"; do
    if [[ -e "${p}" || -L "${p}" ]]; then find "${p}" 2>/dev/null || true; fi
  done | sort >"${dir}/paths"
  local pid comm
  for pid in /proc/[0-9]*; do
    host_process_exited "${pid#/proc/}" && continue
    comm="$(cat "${pid}/comm" 2>/dev/null)" || continue
    for p in "${HOST_PROGRAMS[@]}"; do
      if [[ "${comm}" == "${p}" ]]; then echo "${comm}"; fi
    done
  done | sort | uniq -c >"${dir}/processes"
  true
}

# host_process_exited PID: true when PID is gone or a zombie (it has exited; only its parent's
# wait is missing). The state is the field after the last ')' of /proc/PID/stat, since the
# command name in parentheses may itself hold spaces and parentheses.
host_process_exited() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat:0:1}" == Z || "${stat:0:1}" == X ]]
}

host_state_diff() {
  local a="$1" b="$2" f rc=0 out
  for f in mounts netns cgroups sysctls paths processes; do
    if ! out="$(diff "${a}/${f}" "${b}/${f}")"; then
      rc=1
      printf '%s:\n%s\n' "${f}" "${out}"
    fi
  done
  return "${rc}"
}
