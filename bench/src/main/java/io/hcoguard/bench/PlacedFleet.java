package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hcoguard.inventory.ClusterIndex;
import io.hcoguard.inventory.WatchedKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link Fleet} placed on Nodes: {@code nodes} Nodes (3 masters, the rest workers), five
 * MachineConfigPools and a PersistentVolume bound to every PVC, shaped as an OKD Virtualization
 * cluster reports them. The flat baseline of the benchmarks is the same VMIs, VMs and PVCs without
 * the Nodes, pools and volumes.
 *
 * <p>Pools: {@code master}, {@code worker}, and three custom pools that select workers by their role
 * label {@code node-role.kubernetes.io/<pool>} (the node keeps its worker label, so the custom pool
 * wins, as the machine-config operator decides): {@code infra} (every 40th worker, tainted, no VMs),
 * {@code worker-hp} (a fifth of the workers, five of them GPU nodes with a taint) and {@code worker-cnv}
 * (a fifth, <b>paused with a configuration pending</b>). Two workers are cordoned, one is NotReady.
 * Every node carries about a hundred labels, as KubeVirt's node-labeller leaves them (CPU models,
 * features, Hyper-V features), and the machine-config operator's annotations.
 *
 * <p>VMIs, by index: the first {@code blockers} on a hostpath disk (Fleet's blockers; their PV is
 * pinned to the node by the hostpath provisioner's topology label), one in a thousand with a required
 * node affinity on its own hostname (KubeVirt says LiveMigratable, yet no other node may take it), one
 * in a hundred on a local PV pinned to its node (evictionStrategy None: shut down and restarted by a
 * drain), one in two hundred on a GPU node (nodeSelector and toleration), one in twenty with a
 * nodeSelector for the worker-hp role, one in fifty with a required zone affinity; the rest without
 * constraints. Each runs on a node its constraints allow, spread round-robin.
 */
public final class PlacedFleet {

    public static final String LOCAL_CLASS = "bench-local";
    public static final String PAUSED_POOL = "worker-cnv";
    static final String HOSTPATH_NODE_LABEL = "topology.hostpath.csi/node";
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String ROLE = "node-role.kubernetes.io/";
    private static final String GPU_LABEL = "nvidia.com/gpu.present";
    private static final int MASTERS = 3;

    private final Fleet fleet;
    private final List<String> masters = new ArrayList<>();
    /** Worker name to its primary pool. */
    private final Map<String, String> workers = new TreeMap<>();
    private final List<String> gpuNodes = new ArrayList<>();
    private final List<String> cordoned = new ArrayList<>();
    private final List<String> notReady = new ArrayList<>();
    private final Map<String, Character> zones = new TreeMap<>();
    /** Where VMIs without constraints run: workers that take VMs, Ready, without a taint they do not tolerate. */
    private final List<String> general = new ArrayList<>();
    private final List<String> highPerformance = new ArrayList<>();
    private final List<String> zonesAB = new ArrayList<>();

    public PlacedFleet(Fleet fleet, int nodes) {
        if (nodes < 50) {
            throw new IllegalArgumentException("at least 50 nodes, was " + nodes);
        }
        this.fleet = fleet;
        for (int m = 0; m < MASTERS; m++) {
            masters.add("master-" + m);
        }
        for (int w = 0; w < nodes - MASTERS; w++) {
            String name = "worker-%03d".formatted(w);
            String pool = w % 40 == 39 ? "infra" : w % 5 == 0 ? PAUSED_POOL : w % 5 == 1 ? "worker-hp" : "worker";
            workers.put(name, pool);
            zones.put(name, "abc".charAt(w % 3));
            boolean gpu = pool.equals("worker-hp") && w < 25;
            if (gpu) {
                gpuNodes.add(name);
            }
            if (w == 102 || w == 203) {
                cordoned.add(name);
            }
            if (w == 304) {
                notReady.add(name);
            }
            if (!pool.equals("infra") && !gpu && w != 304) {
                general.add(name);
                if (pool.equals("worker-hp")) {
                    highPerformance.add(name);
                }
                if (w % 3 != 2) {
                    zonesAB.add(name);
                }
            }
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    public int size() {
        return fleet.size();
    }

    /** The pool the machine-config operator updates this worker with. */
    public String poolOf(String node) {
        return masters.contains(node) ? "master" : workers.get(node);
    }

    /** Every object of the fleet, generated once; the flat baseline has no Node, pool or PersistentVolume. */
    public record Listing(List<Node> nodes, List<GenericKubernetesResource> pools, List<PersistentVolume> volumes,
            List<StorageClass> storageClasses, List<PersistentVolumeClaim> pvcs, List<GenericKubernetesResource> vms,
            List<GenericKubernetesResource> vmis) {

        /**
         * Feeds the view in the order the app's watches most likely deliver it: StorageClasses, Nodes,
         * PersistentVolumes and PVCs are listed at start (ClusterWatches.start), the custom kinds once the
         * CRD watch has listed. {@code nodesLast}: the Nodes after every VMI instead, the worst order.
         */
        public void feed(ClusterIndex index, boolean nodesLast) {
            storageClasses.forEach(sc -> index.upsert(WatchedKind.STORAGE_CLASS, sc));
            if (!nodesLast) {
                nodes.forEach(node -> index.upsert(WatchedKind.NODE, node));
            }
            volumes.forEach(volume -> index.upsert(WatchedKind.PERSISTENT_VOLUME, volume));
            pvcs.forEach(pvc -> index.upsert(WatchedKind.PERSISTENT_VOLUME_CLAIM, pvc));
            pools.forEach(pool -> index.upsert(WatchedKind.MACHINE_CONFIG_POOL, pool));
            vms.forEach(vm -> index.upsert(WatchedKind.VIRTUAL_MACHINE, vm));
            vmis.forEach(vmi -> index.upsert(WatchedKind.VIRTUAL_MACHINE_INSTANCE, vmi));
            if (nodesLast) {
                nodes.forEach(node -> index.upsert(WatchedKind.NODE, node));
            }
        }

        public int objects() {
            return nodes.size() + pools.size() + volumes.size() + storageClasses.size() + pvcs.size() + vms.size() + vmis.size();
        }
    }

    /** @param topology with the Nodes, pools and PersistentVolumes; without, the flat baseline */
    public Listing listing(boolean topology) {
        List<PersistentVolumeClaim> pvcs = new ArrayList<>();
        List<GenericKubernetesResource> vms = new ArrayList<>();
        List<GenericKubernetesResource> vmis = new ArrayList<>();
        List<PersistentVolume> volumes = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            pvcs.add(pvc(i));
            vms.add(vm(i));
            vmis.add(vmi(i));
            if (topology) {
                volumes.add(volume(i));
            }
        }
        return new Listing(topology ? nodes() : List.of(), topology ? pools() : List.of(), volumes, storageClasses(),
                pvcs, vms, vmis);
    }

    // --- the VMIs ------------------------------------------------------------------------------

    private enum Shape { HOSTPATH, PINNED_TO_HOSTNAME, LOCAL_VOLUME, GPU, HIGH_PERFORMANCE, ZONES, FREE }

    private Shape shape(int i) {
        if (fleet.blocking(i)) {
            return Shape.HOSTPATH;
        }
        if (i % 1000 == 500) {
            return Shape.PINNED_TO_HOSTNAME;
        }
        if (i % 100 == 7) {
            return Shape.LOCAL_VOLUME;
        }
        if (i % 200 == 13) {
            return Shape.GPU;
        }
        if (i % 20 == 3) {
            return Shape.HIGH_PERFORMANCE;
        }
        return i % 50 == 11 ? Shape.ZONES : Shape.FREE;
    }

    /** The node VMI {@code i} runs on. Hostpath blockers are spread evenly over the nodes that take VMs. */
    public String node(int i) {
        return switch (shape(i)) {
            case HOSTPATH -> general.get((int) ((long) i * general.size() / Math.max(1, fleet.blockers())));
            case GPU -> gpuNodes.get(i % gpuNodes.size());
            case HIGH_PERFORMANCE -> highPerformance.get(i % highPerformance.size());
            case ZONES -> zonesAB.get(i % zonesAB.size());
            default -> general.get(i % general.size());
        };
    }

    public GenericKubernetesResource vmi(int i) {
        GenericKubernetesResource vmi = fleet.vmi(i, "uid-" + i);
        constrain(i, spec(vmi));
        Map<String, Object> status = fleet.status(i, shape(i) == Shape.LOCAL_VOLUME);
        status.put("nodeName", node(i));
        vmi.setAdditionalProperty("status", status);
        vmi.getMetadata().getLabels().put("kubevirt.io/nodeName", node(i));
        return vmi;
    }

    public GenericKubernetesResource vm(int i) {
        GenericKubernetesResource vm = fleet.vm(i);
        Map<String, Object> template = child(spec(vm), "template");
        constrain(i, child(template, "spec"));
        return vm;
    }

    public PersistentVolumeClaim pvc(int i) {
        PersistentVolumeClaim pvc = fleet.pvc(i);
        if (shape(i) == Shape.LOCAL_VOLUME) {
            pvc.getSpec().setStorageClassName(LOCAL_CLASS);
            pvc.getSpec().setAccessModes(List.of("ReadWriteOnce"));
        }
        pvc.getSpec().setVolumeName(volumeName(i));
        return pvc;
    }

    /** The PersistentVolume bound to VMI {@code i}'s PVC: NFS (no node affinity), hostpath or local (pinned to its node). */
    public PersistentVolume volume(int i) {
        String source;
        String storageClass;
        String affinity = "";
        String mode = "ReadWriteMany";
        switch (shape(i)) {
            case HOSTPATH -> {
                storageClass = Fleet.HOSTPATH_CLASS;
                mode = "ReadWriteOnce";
                source = """
                        "csi": {"driver": "kubevirt.io.hostpath-provisioner", "volumeHandle": "%s",
                                "volumeAttributes": {"storagePool": "local"}}""".formatted(volumeName(i));
                affinity = pinned(HOSTPATH_NODE_LABEL, node(i));
            }
            case LOCAL_VOLUME -> {
                storageClass = LOCAL_CLASS;
                mode = "ReadWriteOnce";
                source = "\"local\": {\"path\": \"/mnt/local-storage/" + LOCAL_CLASS + "/disk-" + (i % 8) + "\"}";
                affinity = pinned(HOSTNAME, node(i));
            }
            default -> {
                storageClass = Fleet.SHARED_CLASS;
                source = """
                        "csi": {"driver": "nfs.csi.k8s.io", "volumeHandle": "nfs.bench.svc#share#%s",
                                "volumeAttributes": {"server": "nfs.bench.svc", "share": "/share"}}""".formatted(volumeName(i));
            }
        }
        return Serialization.unmarshal("""
                {"apiVersion": "v1", "kind": "PersistentVolume",
                 "metadata": {"name": "%s", "annotations": {"pv.kubernetes.io/provisioned-by": "bench"},
                              "finalizers": ["kubernetes.io/pv-protection"]},
                 "spec": {"capacity": {"storage": "30Gi"}, "accessModes": ["%s"], "volumeMode": "Filesystem",
                          "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "%s",
                          "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": "%s", "name": "%s-root"},
                          %s %s},
                 "status": {"phase": "Bound"}}
                """.formatted(volumeName(i), mode, storageClass, Fleet.namespace(i), Fleet.name(i), source,
                affinity.isEmpty() ? "" : ", " + affinity), PersistentVolume.class);
    }

    private static String volumeName(int i) {
        return "pvc-%08x-0000-4000-8000-%012x".formatted(i, (long) i);
    }

    private static String pinned(String key, String node) {
        return """
                "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions":
                  [{"key": "%s", "operator": "In", "values": ["%s"]}]}]}}""".formatted(key, node);
    }

    public static List<StorageClass> storageClasses() {
        List<StorageClass> classes = new ArrayList<>(Fleet.storageClasses());
        classes.add(Serialization.unmarshal("""
                {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                 "metadata": {"name": "%s"}, "provisioner": "kubernetes.io/no-provisioner",
                 "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}
                """.formatted(LOCAL_CLASS), StorageClass.class));
        return classes;
    }

    /** The VMI's (or VM template's) spec gets the constraints of its shape. */
    private void constrain(int i, Map<String, Object> spec) {
        switch (shape(i)) {
            case PINNED_TO_HOSTNAME -> spec.put("affinity", requiredAffinity(HOSTNAME, List.of(node(i))));
            case LOCAL_VOLUME -> spec.put("evictionStrategy", "None");
            case GPU -> {
                spec.put("nodeSelector", Map.of(GPU_LABEL, "true"));
                spec.put("tolerations", List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")));
            }
            case HIGH_PERFORMANCE -> spec.put("nodeSelector", Map.of(ROLE + "worker-hp", ""));
            case ZONES -> spec.put("affinity", requiredAffinity(ZONE, List.of("zone-a", "zone-b")));
            default -> {
            }
        }
    }

    private static Map<String, Object> requiredAffinity(String key, List<String> values) {
        return Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions",
                        List.of(Map.of("key", key, "operator", "In", "values", values)))))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    // --- the Nodes -----------------------------------------------------------------------------

    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        masters.forEach(name -> nodes.add(node(name, "master", 'a')));
        workers.forEach((name, pool) -> nodes.add(node(name, pool, zones.get(name))));
        return nodes;
    }

    /** A fresh copy of one Node, to change and upsert. */
    public Node nodeObject(String name) {
        return node(name, poolOf(name), masters.contains(name) ? 'a' : zones.get(name));
    }

    /** The nodes of the VMIs that block a drain once placement is judged: hostpath disks, pinned to their hostname. */
    public Set<String> nodesWithBlockers() {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < size(); i++) {
            if (shape(i) == Shape.HOSTPATH || shape(i) == Shape.PINNED_TO_HOSTNAME) {
                nodes.add(node(i));
            }
        }
        return nodes;
    }

    /** A node in the plain worker pool with VMIs, none of which blocks a drain. */
    public String nodeWithoutBlockers() {
        Set<String> blocked = nodesWithBlockers();
        return general.stream().filter(n -> !blocked.contains(n) && "worker".equals(poolOf(n))).findFirst().orElseThrow();
    }

    public List<String> nodeNames() {
        List<String> names = new ArrayList<>(masters);
        names.addAll(workers.keySet());
        return names;
    }

    private Node node(String name, String pool, char zone) {
        boolean master = pool.equals("master");
        boolean takesVms = !master && !pool.equals("infra");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/os", "linux");
        labels.put(HOSTNAME, name);
        labels.put("node.openshift.io/os_id", "rhcos");
        labels.put("node.kubernetes.io/instance-type", master ? "m6i.2xlarge" : "m6i.metal");
        labels.put("topology.kubernetes.io/region", "region-1");
        labels.put(ZONE, "zone-" + zone);
        labels.put("failure-domain.beta.kubernetes.io/region", "region-1");
        labels.put("failure-domain.beta.kubernetes.io/zone", "zone-" + zone);
        labels.put(HOSTPATH_NODE_LABEL, name);
        if (master) {
            labels.put(ROLE + "master", "");
            labels.put(ROLE + "control-plane", "");
        } else {
            labels.put(ROLE + "worker", "");
            if (!pool.equals("worker")) {
                labels.put(ROLE + pool, "");
            }
        }
        labels.put("kubevirt.io/schedulable", Boolean.toString(takesVms));
        labels.put("kubevirt.io/ksm-enabled", "false");
        labels.put("cpumanager", "false");
        if (gpuNodes.contains(name)) {
            labels.put(GPU_LABEL, "true");
            labels.put("nvidia.com/gpu.product", "NVIDIA-A10");
        }
        nodeLabellerLabels(labels);

        List<String> taints = new ArrayList<>();
        if (master) {
            taints.add(taint(ROLE + "master", "", "NoSchedule"));
        }
        if (pool.equals("infra")) {
            taints.add(taint(ROLE + "infra", "reserved", "NoSchedule"));
        }
        if (gpuNodes.contains(name)) {
            taints.add(taint("nvidia.com/gpu", "present", "NoSchedule"));
        }
        boolean cordon = cordoned.contains(name);
        if (cordon) {
            taints.add(taint("node.kubernetes.io/unschedulable", "", "NoSchedule"));
        }
        boolean ready = !notReady.contains(name);
        if (!ready) {
            taints.add(taint("node.kubernetes.io/unreachable", "", "NoExecute"));
            taints.add(taint("node.kubernetes.io/unreachable", "", "NoSchedule"));
        }
        String rendered = "rendered-" + pool + "-" + (pool.equals(PAUSED_POOL) ? "0ld" : "c0ffee");
        return Serialization.unmarshal("""
                {"apiVersion": "v1", "kind": "Node",
                 "metadata": {"name": "%s", "labels": %s,
                  "annotations": {"machineconfiguration.openshift.io/currentConfig": "%s",
                                  "machineconfiguration.openshift.io/desiredConfig": "%s",
                                  "machineconfiguration.openshift.io/desiredDrain": "uncordon-%s",
                                  "machineconfiguration.openshift.io/lastAppliedDrain": "uncordon-%s",
                                  "machineconfiguration.openshift.io/state": "Done",
                                  "machineconfiguration.openshift.io/reason": "",
                                  "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                                  "csi.volume.kubernetes.io/nodeid": "{\\"kubevirt.io.hostpath-provisioner\\":\\"%s\\"}",
                                  "kubevirt.io/heartbeat": "2026-12-02T08:00:00Z"}},
                 "spec": {"providerID": "baremetalhost:///openshift-machine-api/%s", "unschedulable": %s, "taints": [%s]},
                 "status": {"conditions": [
                   {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory"},
                   {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure"},
                   {"type": "PIDPressure", "status": "False", "reason": "KubeletHasSufficientPID"},
                   {"type": "Ready", "status": "%s", "reason": "%s"}],
                  "capacity": {"cpu": "96", "memory": "394877400Ki", "pods": "250", "devices.kubevirt.io/kvm": "1k"},
                  "allocatable": {"cpu": "95500m", "memory": "393726424Ki", "pods": "250", "devices.kubevirt.io/kvm": "1k"}}}
                """.formatted(name, Serialization.asJson(labels), rendered, rendered, rendered, rendered, name, name, cordon,
                String.join(", ", taints), ready ? "True" : "Unknown", ready ? "KubeletReady" : "NodeStatusUnknown"),
                Node.class);
    }

    private static String taint(String key, String value, String effect) {
        return "{\"key\": \"%s\", \"value\": \"%s\", \"effect\": \"%s\"}".formatted(key, value, effect);
    }

    // A node-labeller's labels on an Icelake host (kubevirt pkg/virt-handler/node-labeller), about 90.
    private static final List<String> CPU_MODELS = List.of("Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Cascadelake-Server-noTSX",
            "Haswell-noTSX", "Haswell-noTSX-IBRS", "Icelake-Server-noTSX", "IvyBridge", "IvyBridge-IBRS", "Nehalem",
            "Nehalem-IBRS", "Penryn", "SandyBridge", "SandyBridge-IBRS", "Skylake-Client-noTSX-IBRS",
            "Skylake-Server-noTSX-IBRS", "Westmere", "Westmere-IBRS");
    private static final List<String> CPU_FEATURES = List.of("3dnowprefetch", "abm", "adx", "aes", "amd-ssbd", "amd-stibp",
            "arch-capabilities", "avx", "avx2", "avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl", "bmi1", "bmi2",
            "clflushopt", "clwb", "erms", "f16c", "fma", "fsgsbase", "invpcid", "invtsc", "md-clear", "movbe", "pcid", "pdpe1gb",
            "pku", "popcnt", "rdrand", "rdseed", "sha-ni", "smap", "smep", "spec-ctrl", "ssbd", "tsc-deadline", "vaes",
            "vmx", "xsavec", "xsaveopt");
    private static final List<String> HYPERV = List.of("base", "frequencies", "ipi", "reenlightenment", "reset", "runtime",
            "synic", "synic2", "synictimer", "time", "tlbflush", "vpindex");

    private static void nodeLabellerLabels(Map<String, String> labels) {
        CPU_MODELS.forEach(model -> {
            labels.put("cpu-model.node.kubevirt.io/" + model, "true");
            labels.put("cpu-model-migration.node.kubevirt.io/" + model, "true");
        });
        CPU_FEATURES.forEach(feature -> labels.put("cpu-feature.node.kubevirt.io/" + feature, "true"));
        HYPERV.forEach(feature -> labels.put("hyperv.node.kubevirt.io/" + feature, "true"));
        labels.put("host-model-cpu.node.kubevirt.io/Icelake-Server-noTSX", "true");
        List.of("hypervisor", "ss", "vme", "tsc_adjust").forEach(f -> labels.put("host-model-required-features.node.kubevirt.io/" + f, "true"));
        labels.put("cpu-vendor.node.kubevirt.io/Intel", "true");
        labels.put("cpu-timer.node.kubevirt.io/tsc-frequency", "2400000000");
        labels.put("cpu-timer.node.kubevirt.io/tsc-scalable", "true");
        labels.put("machine-type.node.kubevirt.io/pc-q35-rhel9.4.0", "true");
        labels.put("scheduling.node.kubevirt.io/tsc-frequency-2400000000", "true");
    }

    // --- the MachineConfigPools ----------------------------------------------------------------

    public List<GenericKubernetesResource> pools() {
        return List.of(pool("master", false), pool("worker", false), pool("infra", false), pool("worker-hp", false),
                pool(PAUSED_POOL, true));
    }

    /**
     * A pool as the machine-config operator keeps it; the paused one has a newer rendered configuration
     * in {@code spec} than its nodes reached ({@code status}). A custom pool takes the worker
     * MachineConfigs and its own, as the OpenShift documentation's custom pools do.
     */
    public static GenericKubernetesResource pool(String name, boolean pausedWithPending) {
        boolean builtIn = name.equals("master") || name.equals("worker");
        String machineConfigs = builtIn
                ? "\"matchLabels\": {\"machineconfiguration.openshift.io/role\": \"%s\"}".formatted(name)
                : "\"matchExpressions\": [{\"key\": \"machineconfiguration.openshift.io/role\", \"operator\": \"In\", \"values\": [\"worker\", \"%s\"]}]"
                        .formatted(name);
        String status = "rendered-" + name + "-" + (pausedWithPending ? "0ld" : "c0ffee");
        String spec = "rendered-" + name + "-c0ffee";
        return Serialization.unmarshal("""
                {"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                 "metadata": {"name": "%1$s", "labels": {"pools.operator.machineconfiguration.openshift.io/%1$s": ""%2$s}},
                 "spec": {"configuration": {"name": "%3$s"}, "machineConfigSelector": {%4$s},
                          "nodeSelector": {"matchLabels": {"node-role.kubernetes.io/%1$s": ""}}, "paused": %5$s},
                 "status": {"configuration": {"name": "%6$s"}, "machineCount": 0,
                            "conditions": [{"type": "Updated", "status": "%7$s"}, {"type": "Updating", "status": "False"}]}}
                """.formatted(name, builtIn ? ", \"machineconfiguration.openshift.io/mco-built-in\": \"\"" : "", spec,
                machineConfigs, pausedWithPending, status, pausedWithPending ? "False" : "True"),
                GenericKubernetesResource.class);
    }
}
