package io.hcoguard.drain;

import io.hcoguard.placement.NodeSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nodes, and what decides which of them an operation drains, as the cluster view last saw them:
 * Nodes, MachineConfigPools, the Infrastructure and NodeMaintenances, plus the KubeVirt version the
 * verdicts follow. Immutable; built by the index after a change, shared by every reader. Kinds a
 * cluster does not have are empty: no pool means every node counts, no Infrastructure means a
 * highly available control plane, no Node means placement is not judged.
 */
public final class NodeTopology {

    public static final NodeTopology UNKNOWN = new NodeTopology(List.of(), List.of(), Optional.empty(), List.of(), Optional.empty());

    private final Map<String, NodeSnapshot> nodes = new LinkedHashMap<>();
    private final List<NodeLabels> nodeLabels = new ArrayList<>();
    private final List<MachineConfigPoolSnapshot> pools;
    private final Optional<InfrastructureSnapshot> infrastructure;
    private final List<NodeMaintenanceSnapshot> maintenances;
    private final Optional<String> kubeVirtVersion;
    /** Every request that updates the cluster asks for the same scope: computed once per topology. */
    private volatile DrainScope clusterUpgrade;

    /**
     * @param infrastructure the Infrastructure named {@code cluster}, if the kind exists
     * @param kubeVirtVersion the KubeVirt CR's {@code status.observedKubeVirtVersion}, if reported
     */
    public NodeTopology(List<NodeSnapshot> nodes, List<MachineConfigPoolSnapshot> pools,
            Optional<InfrastructureSnapshot> infrastructure, List<NodeMaintenanceSnapshot> maintenances,
            Optional<String> kubeVirtVersion) {
        nodes.stream().sorted(Comparator.comparing(NodeSnapshot::name)).forEach(node -> {
            this.nodes.put(node.name(), node);
            nodeLabels.add(new NodeLabels(node.name(), node.labels()));
        });
        this.pools = pools.stream().sorted(Comparator.comparing(MachineConfigPoolSnapshot::name)).toList();
        this.infrastructure = Objects.requireNonNull(infrastructure, "infrastructure");
        this.maintenances = maintenances.stream().sorted(Comparator.comparing(NodeMaintenanceSnapshot::name)).toList();
        this.kubeVirtVersion = Objects.requireNonNull(kubeVirtVersion, "kubeVirtVersion");
    }

    /** Every Node, by name. */
    public List<NodeSnapshot> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<NodeSnapshot> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The view has this Node (a VMI on a node it does not know counts wherever a pool may hold it). */
    public boolean knows(String node) {
        return nodes.containsKey(node);
    }

    public boolean knowsNoNode() {
        return nodes.isEmpty();
    }

    public List<MachineConfigPoolSnapshot> pools() {
        return pools;
    }

    public Optional<InfrastructureSnapshot> infrastructure() {
        return infrastructure;
    }

    /** Single-node OpenShift: the machine-config operator reboots the node without a drain. */
    public boolean singleReplica() {
        return infrastructure.map(InfrastructureSnapshot::singleReplica).orElse(false);
    }

    public List<NodeMaintenanceSnapshot> maintenances() {
        return maintenances;
    }

    public Optional<String> kubeVirtVersion() {
        return kubeVirtVersion;
    }

    /** Which pool updates the node, as the machine-config operator decides it. */
    public PoolMembership membership(String node) {
        NodeSnapshot snapshot = nodes.get(node);
        return snapshot == null ? new PoolMembership.NoPool() : PoolMembership.of(new NodeLabels(node, snapshot.labels()), pools);
    }

    /** The nodes the operation reaches, and how. */
    public DrainScope scope(DrainOperation operation) {
        if (operation instanceof DrainOperation.ClusterUpgrade upgrade && !upgrade.preflight()) {
            DrainScope scope = clusterUpgrade;
            if (scope == null) {
                scope = DrainScope.of(operation, nodeLabels, Optional.of(pools), infrastructure);
                clusterUpgrade = scope;
            }
            return scope;
        }
        return DrainScope.of(operation, nodeLabels, Optional.of(pools), infrastructure);
    }
}
