package io.hcoguard.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the guard keeps of a Node: what decides whether a migration can land on it, and the
 * machine-config operator's annotations that say where the node is in a MachineConfig rollout.
 *
 * @param unschedulable {@code spec.unschedulable}: cordoned
 * @param ready the Ready condition is True
 * @param machineConfigAnnotations only the keys in {@link #MACHINE_CONFIG_ANNOTATIONS}
 */
public record NodeSnapshot(
        String name,
        Map<String, String> labels,
        List<Taint> taints,
        boolean unschedulable,
        boolean ready,
        Map<String, String> machineConfigAnnotations) {

    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    // openshift/machine-config-operator pkg/daemon/constants/constants.go
    public static final String CURRENT_CONFIG = "machineconfiguration.openshift.io/currentConfig";
    public static final String DESIRED_CONFIG = "machineconfiguration.openshift.io/desiredConfig";
    public static final String DESIRED_DRAIN = "machineconfiguration.openshift.io/desiredDrain";
    public static final String LAST_APPLIED_DRAIN = "machineconfiguration.openshift.io/lastAppliedDrain";
    public static final String MACHINE_CONFIG_STATE = "machineconfiguration.openshift.io/state";
    public static final List<String> MACHINE_CONFIG_ANNOTATIONS =
            List.of(CURRENT_CONFIG, DESIRED_CONFIG, DESIRED_DRAIN, LAST_APPLIED_DRAIN, MACHINE_CONFIG_STATE);

    public NodeSnapshot {
        name = name == null ? "" : name;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
        machineConfigAnnotations = machineConfigAnnotations == null ? Map.of() : Map.copyOf(machineConfigAnnotations);
    }

    /** Total: a missing part reads as absent (a node without a Ready=True condition is not ready). */
    public static NodeSnapshot from(Node node) {
        ObjectMeta meta = node.getMetadata() == null ? new ObjectMeta() : node.getMetadata();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        Map<String, String> machineConfig = new HashMap<>();
        for (String key : MACHINE_CONFIG_ANNOTATIONS) {
            String value = annotations.get(key);
            if (value != null) {
                machineConfig.put(key, value);
            }
        }
        List<Taint> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (io.fabric8.kubernetes.api.model.Taint taint : node.getSpec().getTaints()) {
                if (taint != null) {
                    taints.add(Taint.from(taint));
                }
            }
        }
        return new NodeSnapshot(
                meta.getName(),
                withoutNulls(meta.getLabels()),
                taints,
                node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()),
                ready(node.getStatus() == null ? null : node.getStatus().getConditions()),
                machineConfig);
    }

    /** What placement reads of the node: the same node without the machine-config operator's annotations. */
    public NodeSnapshot placementFacts() {
        return machineConfigAnnotations.isEmpty() ? this : new NodeSnapshot(name, labels, taints, unschedulable, ready, Map.of());
    }

    public Optional<String> currentConfig() {
        return Optional.ofNullable(machineConfigAnnotations.get(CURRENT_CONFIG));
    }

    public Optional<String> desiredConfig() {
        return Optional.ofNullable(machineConfigAnnotations.get(DESIRED_CONFIG));
    }

    public Optional<String> desiredDrain() {
        return Optional.ofNullable(machineConfigAnnotations.get(DESIRED_DRAIN));
    }

    public Optional<String> lastAppliedDrain() {
        return Optional.ofNullable(machineConfigAnnotations.get(LAST_APPLIED_DRAIN));
    }

    public Optional<String> machineConfigState() {
        return Optional.ofNullable(machineConfigAnnotations.get(MACHINE_CONFIG_STATE));
    }

    /** The first Ready condition decides, as Kubernetes' {@code GetNodeCondition} finds it. */
    private static boolean ready(List<NodeCondition> conditions) {
        if (conditions != null) {
            for (NodeCondition condition : conditions) {
                if (condition != null && "Ready".equals(condition.getType())) {
                    return "True".equals(condition.getStatus());
                }
            }
        }
        return false;
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        Map<String, String> copy = new HashMap<>();
        if (map != null) {
            map.forEach((key, value) -> {
                if (key != null && value != null) {
                    copy.put(key, value);
                }
            });
        }
        return copy;
    }
}
