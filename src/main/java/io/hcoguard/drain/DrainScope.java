package io.hcoguard.drain;

import io.hcoguard.drain.DrainOperation.ClusterUpgrade;
import io.hcoguard.drain.DrainOperation.Cordon;
import io.hcoguard.drain.DrainOperation.MachineConfigChange;
import io.hcoguard.drain.DrainOperation.NodeMaintenance;
import io.hcoguard.drain.DrainOperation.PoolTarget;
import io.hcoguard.drain.DrainOperation.PoolUnpause;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The nodes an operation reaches and what happens to them: the guard judges an operation on the VMIs
 * of these nodes only. Pure: built from the operation, the nodes' labels, the MachineConfigPools
 * (empty when the kind does not exist on the cluster) and the Infrastructure.
 *
 * @param nodes the nodes the operation reaches now
 * @param disruption what happens to {@code nodes}; {@link Disruption#NONE} when it reaches none
 * @param pausedPools for the pools the operation concerns that are paused: their nodes, left out now,
 *     which take the change when the pool is unpaused
 * @param refusedNodes nodes the operation would reach that the machine-config operator refuses to
 *     update, with the custom pools that all select them; they are neither drained nor rebooted
 */
public record DrainScope(DrainOperation operation, NodeSet nodes, Disruption disruption,
        Map<String, Set<String>> pausedPools, Map<String, List<String>> refusedNodes) {

    /** Which nodes: by name, or every node when pools cannot tell. */
    public sealed interface NodeSet {

        /** Every node counts; {@code why} says why pools could not narrow it down. */
        record EveryNode(String why) implements NodeSet {
        }

        record Named(SortedSet<String> names) implements NodeSet {
            public Named {
                names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
            }
        }

        default boolean contains(String node) {
            return this instanceof EveryNode || ((Named) this).names().contains(node);
        }

        /** The names among {@code allNodes} this set holds. */
        default SortedSet<String> among(Collection<String> allNodes) {
            SortedSet<String> names = new TreeSet<>();
            for (String node : allNodes) {
                if (contains(node)) {
                    names.add(node);
                }
            }
            return Collections.unmodifiableSortedSet(names);
        }
    }

    /** What the operation does to the nodes it reaches. */
    public enum Disruption {
        DRAIN,
        /** MachineConfig changes: the machine-config daemon decides on each node ({@code isDrainRequired}). */
        MAYBE_DRAIN,
        /** Single-node topology: the machine-config daemon never drains, the node reboots under its VMIs. */
        REBOOT_WITHOUT_DRAIN,
        MAYBE_REBOOT_WITHOUT_DRAIN,
        /** Cordoned only: no pod is evicted yet, a drain ({@code oc adm drain}) usually follows. */
        CORDON,
        NONE;

        /** What happens to a node, in words: "worker-1 is drained". */
        public String words() {
            return switch (this) {
                case DRAIN -> "drained";
                case MAYBE_DRAIN -> "drained if the change needs it";
                case REBOOT_WITHOUT_DRAIN -> "rebooted without a drain";
                case MAYBE_REBOOT_WITHOUT_DRAIN -> "rebooted without a drain if the change needs it";
                case CORDON -> "cordoned";
                case NONE -> "left alone";
            };
        }
    }

    static final String NO_POOL_KIND = "the cluster has no MachineConfigPool kind";
    static final String NO_POOL = "no MachineConfigPool exists";

    public DrainScope {
        pausedPools = pausedPools == null ? Map.of() : pausedPools;
        refusedNodes = refusedNodes == null ? Map.of() : refusedNodes;
        SortedMap<String, Set<String>> sortedPaused = new TreeMap<>();
        pausedPools.forEach((pool, names) -> sortedPaused.put(pool, Collections.unmodifiableSortedSet(new TreeSet<>(names))));
        pausedPools = Collections.unmodifiableSortedMap(sortedPaused);
        SortedMap<String, List<String>> sortedRefused = new TreeMap<>();
        refusedNodes.forEach((node, pools) -> sortedRefused.put(node, List.copyOf(pools)));
        refusedNodes = Collections.unmodifiableSortedMap(sortedRefused);
    }

    public String description() {
        return operation.description();
    }

    /** A Preflight cluster upgrade changes nothing: it is judged for warnings only. */
    public boolean preflight() {
        return operation instanceof ClusterUpgrade upgrade && upgrade.preflight();
    }

    /** Whether the operation evicts or reboots this node's VMIs, now or (Preflight) in the real update. */
    public boolean disrupts(String node) {
        return disruption != Disruption.NONE && disruption != Disruption.CORDON && nodes.contains(node);
    }

    public static DrainScope of(DrainOperation operation, Collection<NodeLabels> nodes,
            Optional<List<MachineConfigPoolSnapshot>> pools, Optional<InfrastructureSnapshot> infrastructure) {
        Disruption disruption = disruption(operation, infrastructure.map(InfrastructureSnapshot::singleReplica).orElse(false));
        if (operation instanceof NodeMaintenance maintenance) {
            return onNode(operation, maintenance.node(), disruption);
        }
        if (operation instanceof Cordon cordon) {
            return onNode(operation, cordon.node(), disruption);
        }
        if (operation instanceof PoolUnpause unpause) {
            if (!unpause.pool().pendingConfiguration()) {
                return new DrainScope(operation, new NodeSet.Named(new TreeSet<>()), Disruption.NONE, Map.of(), Map.of());
            }
            List<MachineConfigPoolSnapshot> withRequest = withRequestCopy(pools.orElse(List.of()), unpause.pool());
            return pooled(operation, nodes, withRequest, Set.of(unpause.pool().name()), disruption);
        }
        if (pools.isEmpty()) {
            return new DrainScope(operation, new NodeSet.EveryNode(NO_POOL_KIND), disruption, Map.of(), Map.of());
        }
        if (operation instanceof MachineConfigChange change) {
            return pooled(operation, nodes, pools.get(), targetedPools(change.target(), pools.get()), disruption);
        }
        // A cluster upgrade renders a new configuration (a new OS image) for every pool.
        Set<String> every = new TreeSet<>();
        pools.get().forEach(pool -> every.add(pool.name()));
        return pooled(operation, nodes, pools.get(), every, disruption);
    }

    /**
     * What the operation does to a node it reaches. The machine-config daemon never drains on a
     * single-replica control plane; node-maintenance-operator drains whatever the topology (its own
     * webhook refuses a control-plane node whose loss would break etcd quorum).
     */
    private static Disruption disruption(DrainOperation operation, boolean singleReplica) {
        if (operation instanceof NodeMaintenance) {
            return Disruption.DRAIN;
        }
        if (operation instanceof Cordon) {
            return Disruption.CORDON;
        }
        if (operation instanceof MachineConfigChange) {
            return singleReplica ? Disruption.MAYBE_REBOOT_WITHOUT_DRAIN : Disruption.MAYBE_DRAIN;
        }
        return singleReplica ? Disruption.REBOOT_WITHOUT_DRAIN : Disruption.DRAIN;
    }

    private static DrainScope onNode(DrainOperation operation, String node, Disruption disruption) {
        return new DrainScope(operation, new NodeSet.Named(new TreeSet<>(Set.of(node))), disruption, Map.of(), Map.of());
    }

    /** The view's pools with the request's copy of the unpaused pool in place of the view's (or added). */
    private static List<MachineConfigPoolSnapshot> withRequestCopy(List<MachineConfigPoolSnapshot> pools, MachineConfigPoolSnapshot requested) {
        List<MachineConfigPoolSnapshot> merged = new ArrayList<>();
        for (MachineConfigPoolSnapshot pool : pools) {
            if (!pool.name().equals(requested.name())) {
                merged.add(pool);
            }
        }
        merged.add(requested);
        return merged;
    }

    /**
     * The nodes whose primary pool is one of {@code targeted}: those of unpaused pools are reached, those
     * of paused pools left out, those the operator refuses reported. Every node counts when no pool exists,
     * or when a pool's node selector is invalid: the operator's {@code ListPools} then fails for every node,
     * so the guard cannot tell which nodes a later fix will drain.
     */
    private static DrainScope pooled(DrainOperation operation, Collection<NodeLabels> nodes,
            List<MachineConfigPoolSnapshot> pools, Set<String> targeted, Disruption disruption) {
        if (pools.isEmpty()) {
            return new DrainScope(operation, new NodeSet.EveryNode(NO_POOL), disruption, Map.of(), Map.of());
        }
        Map<String, MachineConfigPoolSnapshot> byName = new TreeMap<>();
        for (MachineConfigPoolSnapshot pool : pools) {
            if (pool.nodeSelector() instanceof LabelSelector.Invalid invalid) {
                return new DrainScope(operation, new NodeSet.EveryNode("MachineConfigPool " + pool.name()
                        + " has an invalid spec.nodeSelector: " + invalid.problem()), disruption, Map.of(), Map.of());
            }
            byName.put(pool.name(), pool);
        }
        SortedSet<String> reached = new TreeSet<>();
        Map<String, Set<String>> paused = new TreeMap<>();
        targeted.stream().filter(name -> byName.containsKey(name) && byName.get(name).paused())
                .forEach(name -> paused.put(name, new TreeSet<>()));
        Map<String, List<String>> refused = new TreeMap<>();
        for (NodeLabels node : nodes) {
            PoolMembership membership = PoolMembership.of(node, pools);
            if (membership instanceof PoolMembership.ConflictingCustomPools conflict
                    && conflict.pools().stream().anyMatch(targeted::contains)) {
                refused.put(node.name(), conflict.pools());
            }
            Optional<String> primary = membership.primaryPool().filter(targeted::contains);
            if (primary.isPresent()) {
                if (paused.containsKey(primary.get())) {
                    paused.get(primary.get()).add(node.name());
                } else {
                    reached.add(node.name());
                }
            }
        }
        return new DrainScope(operation, new NodeSet.Named(reached), reached.isEmpty() ? Disruption.NONE : disruption,
                paused, refused);
    }

    /**
     * The pools a configuration change lands in. A MachineConfig: pools whose non-empty
     * {@code machineConfigSelector} matches its labels (none without labels). A KubeletConfig or
     * ContainerRuntimeConfig: the pools its non-empty {@code machineConfigPoolSelector} matches generate a
     * MachineConfig labelled {@code machineconfiguration.openshift.io/role: <pool>}
     * (common/helpers.go {@code MachineConfigFromRawIgnConfig}), which then lands in every pool whose
     * {@code machineConfigSelector} matches that label, as a worker one lands in a custom pool built on worker.
     */
    static Set<String> targetedPools(PoolTarget target, List<MachineConfigPoolSnapshot> pools) {
        List<Map<String, String>> machineConfigLabels = new ArrayList<>();
        if (target instanceof PoolTarget.ByMachineConfigLabels byLabels) {
            if (!byLabels.labels().isEmpty()) {
                machineConfigLabels.add(byLabels.labels());
            }
        } else {
            LabelSelector selector = ((PoolTarget.ByPoolSelector) target).machineConfigPoolSelector();
            pools.stream().filter(pool -> selector.matchesUnlessEmpty(pool.labels()))
                    .forEach(pool -> machineConfigLabels.add(Map.of(MACHINE_CONFIG_ROLE, pool.name())));
        }
        Set<String> targeted = new TreeSet<>();
        for (MachineConfigPoolSnapshot pool : pools) {
            if (machineConfigLabels.stream().anyMatch(pool.machineConfigSelector()::matchesUnlessEmpty)) {
                targeted.add(pool.name());
            }
        }
        return targeted;
    }

    /** {@code ctrlcommon.MachineConfigRoleLabel}. */
    static final String MACHINE_CONFIG_ROLE = "machineconfiguration.openshift.io/role";
}
