package io.hcoguard.drain;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.unstructured.Unstructured;
import java.util.Map;
import java.util.Optional;

/** An object change, seen by a webhook, that drains (or may drain) nodes. */
public sealed interface DrainOperation {

    /** The operation in words, for messages ("unpause of MachineConfigPool worker"). */
    default String description() {
        if (this instanceof ClusterUpgrade upgrade) {
            return upgrade.preflight() ? "cluster upgrade preflight" : "cluster upgrade";
        }
        if (this instanceof PoolUnpause unpause) {
            return "unpause of MachineConfigPool " + unpause.pool().name();
        }
        if (this instanceof NodeMaintenance maintenance) {
            return "maintenance of node " + maintenance.node();
        }
        if (this instanceof Cordon cordon) {
            return "cordon of node " + cordon.node();
        }
        MachineConfigChange change = (MachineConfigChange) this;
        return "change of " + change.kind().kind() + " " + change.name();
    }

    /** {@code ClusterVersion} {@code spec.desiredUpdate} to a new target; with {@code mode: Preflight} nothing is updated. */
    record ClusterUpgrade(boolean preflight) implements DrainOperation {    }

    /**
     * {@code MachineConfigPool} {@code spec.paused} true to false. It carries the pool as the request
     * has it, which is newer than the view's copy (and may change the node selector in the same edit).
     */
    record PoolUnpause(MachineConfigPoolSnapshot pool) implements DrainOperation {
        public PoolUnpause {
            pool = pool == null ? MachineConfigPoolSnapshot.from(null) : pool;
        }
    }

    /** {@code NodeMaintenance} create: node-maintenance-operator cordons and drains {@code spec.nodeName}. */
    record NodeMaintenance(String node) implements DrainOperation {
        public NodeMaintenance {
            node = node == null ? "" : node;
        }
    }

    /** {@code Node} {@code spec.unschedulable} false to true: the cordon that starts {@code oc adm drain}. */
    record Cordon(String node) implements DrainOperation {
        public Cordon {
            node = node == null ? "" : node;
        }
    }

    /** The kinds whose change re-renders the configuration of the pools they target. */
    enum ConfigKind {
        MACHINE_CONFIG, KUBELET_CONFIG, CONTAINER_RUNTIME_CONFIG;

        public String kind() {
            return Spelling.of(this);
        }

        public static Optional<ConfigKind> parse(String kind) {
            return Spelling.parse(ConfigKind.class, kind);
        }
    }

    /**
     * How a changed object picks its pools in the machine-config operator. A MachineConfig by its labels
     * (usually {@code machineconfiguration.openshift.io/role}) against each pool's
     * {@code spec.machineConfigSelector} (render controller {@code getPoolsForMachineConfig}); a
     * KubeletConfig or ContainerRuntimeConfig by its {@code spec.machineConfigPoolSelector} against each
     * pool's labels ({@code getPoolsForKubeletConfig}, {@code getPoolsForContainerRuntimeConfig}).
     */
    sealed interface PoolTarget {
        record ByMachineConfigLabels(Map<String, String> labels) implements PoolTarget {
            public ByMachineConfigLabels {
                labels = LabelSelector.copyOfLabels(labels);
            }
        }

        record ByPoolSelector(LabelSelector machineConfigPoolSelector) implements PoolTarget {
            public ByPoolSelector {
                machineConfigPoolSelector = machineConfigPoolSelector == null ? LabelSelector.NOTHING : machineConfigPoolSelector;
            }
        }
    }

    /** A MachineConfig, KubeletConfig or ContainerRuntimeConfig created, updated or deleted. */
    record MachineConfigChange(ConfigKind kind, String name, PoolTarget target) implements DrainOperation {
        public MachineConfigChange {
            kind = kind == null ? ConfigKind.MACHINE_CONFIG : kind;
            name = name == null ? "" : name;
            target = target == null ? new PoolTarget.ByMachineConfigLabels(Map.of()) : target;
        }

        /** The change an object of one of the three kinds stands for; empty for any other kind. Total. */
        public static Optional<MachineConfigChange> of(GenericKubernetesResource object) {
            if (object == null) {
                return Optional.empty();
            }
            String name = object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
            return ConfigKind.parse(object.getKind()).map(kind -> new MachineConfigChange(kind, name,
                    kind == ConfigKind.MACHINE_CONFIG
                            ? new PoolTarget.ByMachineConfigLabels(object.getMetadata() == null ? Map.of() : object.getMetadata().getLabels())
                            : new PoolTarget.ByPoolSelector(LabelSelector.from(
                                    Unstructured.of(object.getAdditionalProperties()).path("spec", "machineConfigPoolSelector")))));
        }
    }
}
