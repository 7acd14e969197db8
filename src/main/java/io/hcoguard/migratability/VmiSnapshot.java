package io.hcoguard.migratability;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.hcoguard.placement.SchedulingConstraints;
import io.hcoguard.unstructured.Unstructured;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the guard keeps of a VirtualMachineInstance: parsed once when the watch delivers it, so a
 * gate decision never walks the raw object again.
 *
 * @param node {@code status.nodeName}, empty before it is scheduled
 * @param evictionStrategy the VMI's own {@code spec.evictionStrategy}, empty when unset
 * @param scheduling where KubeVirt lets a migration target pod of this VMI run (nodeSelector, required
 *     node affinity, tolerations, and what KubeVirt adds)
 * @param liveMigratable KubeVirt's LiveMigratable condition
 * @param vmName the controlling VirtualMachine (owner reference), empty for a standalone VMI
 * @param replicaSetName the controlling VirtualMachineInstanceReplicaSet, if that owns it instead
 * @param outdatedLauncher labelled {@code kubevirt.io/outdatedLauncherImage} (runs an old virt-launcher)
 * @param movement an evacuation or a migration KubeVirt has under way
 */
public record VmiSnapshot(
        String namespace,
        String name,
        String uid,
        String phase,
        String node,
        Optional<EvictionStrategy> evictionStrategy,
        SchedulingConstraints scheduling,
        List<VmiVolume> volumes,
        List<String> sriovInterfaces,
        List<String> hostDevices,
        List<String> gpus,
        LiveMigratable liveMigratable,
        Optional<String> vmName,
        Optional<String> replicaSetName,
        boolean outdatedLauncher,
        VmiMovement movement) {

    public static final String OUTDATED_LAUNCHER_LABEL = "kubevirt.io/outdatedLauncherImage";

    public VmiSnapshot {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        uid = uid == null ? "" : uid;
        phase = phase == null ? "" : phase;
        node = node == null ? "" : node;
        volumes = List.copyOf(volumes);
        sriovInterfaces = List.copyOf(sriovInterfaces);
        hostDevices = List.copyOf(hostDevices);
        gpus = List.copyOf(gpus);
        scheduling = scheduling == null ? SchedulingConstraints.from(Map.of()) : scheduling;
        movement = movement == null ? VmiMovement.NONE : movement;
    }

    /** A VMI that KubeVirt is not moving. */
    public VmiSnapshot(String namespace, String name, String uid, String phase, String node,
            Optional<EvictionStrategy> evictionStrategy, SchedulingConstraints scheduling, List<VmiVolume> volumes,
            List<String> sriovInterfaces, List<String> hostDevices, List<String> gpus, LiveMigratable liveMigratable,
            Optional<String> vmName, Optional<String> replicaSetName, boolean outdatedLauncher) {
        this(namespace, name, uid, phase, node, evictionStrategy, scheduling, volumes, sriovInterfaces, hostDevices, gpus,
                liveMigratable, vmName, replicaSetName, outdatedLauncher, VmiMovement.NONE);
    }

    @SuppressWarnings("unchecked") // a JSON object as fabric8 parses it: string keys
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    public static VmiSnapshot from(GenericKubernetesResource vmi) {
        ObjectMeta meta = vmi.getMetadata() == null ? new ObjectMeta() : vmi.getMetadata();
        Unstructured root = Unstructured.of(vmi.getAdditionalProperties());
        Unstructured spec = root.path("spec");
        Unstructured devices = spec.path("domain", "devices");
        Map<String, String> labels = meta.getLabels();
        return new VmiSnapshot(
                meta.getNamespace(),
                meta.getName(),
                meta.getUid(),
                root.path("status", "phase").text().orElse(""),
                root.path("status", "nodeName").text().orElse(""),
                spec.path("evictionStrategy").text().flatMap(EvictionStrategy::parse),
                SchedulingConstraints.from(spec.value() instanceof Map<?, ?> map ? castMap(map) : Map.of()),
                volumes(spec.path("volumes")),
                namesOf(devices.path("interfaces"), "sriov"),
                namesOf(devices.path("hostDevices"), null),
                namesOf(devices.path("gpus"), null),
                liveMigratable(root.path("status", "conditions")),
                controller(meta.getOwnerReferences(), "VirtualMachine"),
                controller(meta.getOwnerReferences(), "VirtualMachineInstanceReplicaSet"),
                labels != null && labels.containsKey(OUTDATED_LAUNCHER_LABEL),
                VmiMovement.from(root.path("status")));
    }

    public boolean running() {
        return "Running".equals(phase);
    }

    /** Names of the PVCs the VMI uses, for the inventory's index from PVC to VMIs. */
    public Set<String> claimNames() {
        Set<String> names = new LinkedHashSet<>();
        for (VmiVolume volume : volumes) {
            volume.backingClaim().ifPresent(names::add);
        }
        return names;
    }

    private static List<VmiVolume> volumes(Unstructured list) {
        List<VmiVolume> volumes = new ArrayList<>();
        for (Unstructured volume : list.items()) {
            String name = volume.path("name").text().orElse("");
            Optional<String> claim = volume.path("persistentVolumeClaim", "claimName").text();
            Optional<String> dataVolume = volume.path("dataVolume", "name").text();
            if (claim.isPresent()) {
                volumes.add(new VmiVolume.Claim(name, claim.get()));
            } else if (dataVolume.isPresent()) {
                volumes.add(new VmiVolume.DataVolume(name, dataVolume.get()));
            } else if (volume.path("hostDisk").present()) {
                volumes.add(new VmiVolume.HostDisk(name, volume.path("hostDisk", "shared").bool().orElse(false)));
            }
        }
        return volumes;
    }

    /** Names of the list's entries; with {@code requiredKey}, only of entries that have that key. */
    private static List<String> namesOf(Unstructured list, String requiredKey) {
        List<String> names = new ArrayList<>();
        for (Unstructured entry : list.items()) {
            if (requiredKey == null || entry.path(requiredKey).present()) {
                names.add(entry.path("name").text()
                        .or(() -> entry.path("deviceName").text())
                        .orElse("(unnamed)"));
            }
        }
        return names;
    }

    /** The last LiveMigratable condition virt-controller wrote; an unrecognised status counts as Unknown. */
    private static LiveMigratable liveMigratable(Unstructured conditions) {
        LiveMigratable found = LiveMigratable.MISSING;
        for (Unstructured condition : conditions.items()) {
            if (condition.path("type").text().filter("LiveMigratable"::equals).isPresent()) {
                String status = condition.path("status").text().orElse("");
                LiveMigratable.Status parsed = "True".equalsIgnoreCase(status) ? LiveMigratable.Status.TRUE
                        : "False".equalsIgnoreCase(status) ? LiveMigratable.Status.FALSE
                        : LiveMigratable.Status.UNKNOWN;
                found = new LiveMigratable(parsed, condition.path("reason").text().orElse(""));
            }
        }
        return found;
    }

    private static Optional<String> controller(List<OwnerReference> owners, String kind) {
        if (owners == null) {
            return Optional.empty();
        }
        return owners.stream()
                .filter(o -> o != null
                        && kind.equals(o.getKind())
                        && o.getApiVersion() != null && o.getApiVersion().startsWith("kubevirt.io/")
                        && Boolean.TRUE.equals(o.getController())
                        && o.getName() != null && !o.getName().isBlank())
                .map(OwnerReference::getName)
                .findFirst();
    }
}
