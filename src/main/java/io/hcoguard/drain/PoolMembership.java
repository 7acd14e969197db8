package io.hcoguard.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which MachineConfigPool updates a node, exactly as the machine-config operator decides it:
 * openshift/machine-config-operator pkg/helpers/helpers.go {@code GetPoolsForNode} (with
 * {@code ListPools}), which {@code GetPrimaryPoolForNode} and the node controller's
 * {@code getPrimaryPoolForNode} use. A pool rolls out only the nodes whose primary pool it is
 * ({@code GetNodesForPool}), so the primary pool alone decides when a node is drained.
 */
public sealed interface PoolMembership {

    String MASTER = "master";
    String WORKER = "worker";
    /** {@code helpers.OSLabel}: a node with {@code kubernetes.io/os=windows} is not managed by the operator. */
    String OS_LABEL = "kubernetes.io/os";

    /** The node follows {@code primary}; {@code pools} is the operator's list, primary first (e.g. [infra, worker]). */
    record Member(String primary, List<String> pools) implements PoolMembership {
        public Member {
            pools = List.copyOf(pools);
        }
    }

    /** No pool selects the node: "there might be nodes in cluster that are not managed by machineconfigpool". */
    record NoPool() implements PoolMembership {
    }

    /** A Windows node, which the machine-config operator leaves alone. */
    record WindowsNode() implements PoolMembership {
    }

    /**
     * More than one custom pool selects the node: the operator refuses it ("node %s belongs to %d
     * custom roles, cannot proceed with this Node"), so no pool ever updates or drains it.
     */
    record ConflictingCustomPools(List<String> pools) implements PoolMembership {
        public ConflictingCustomPools {
            pools = List.copyOf(pools);
        }
    }

    /** The primary pool, when the operator updates the node at all. */
    default Optional<String> primaryPool() {
        return this instanceof Member member ? Optional.of(member.primary()) : Optional.empty();
    }

    /**
     * The operator's decision for one node. Pools whose node selector is nil, empty or invalid select
     * nothing here; {@link DrainScope} treats an invalid one separately, as the operator stops on it.
     */
    static PoolMembership of(NodeLabels node, List<MachineConfigPoolSnapshot> pools) {
        if ("windows".equals(node.labels().get(OS_LABEL))) {
            return new WindowsNode();
        }
        MachineConfigPoolSnapshot master = null;
        MachineConfigPoolSnapshot worker = null;
        List<String> custom = new ArrayList<>();
        for (MachineConfigPoolSnapshot pool : pools) {
            if (!pool.nodeSelector().matchesUnlessEmpty(node.labels())) {
                continue;
            }
            switch (pool.name()) {
                case MASTER -> master = pool;
                case WORKER -> worker = pool;
                default -> custom.add(pool.name());
            }
        }
        if (custom.size() > 1) {
            return new ConflictingCustomPools(custom.stream().sorted().toList());
        }
        List<String> ordered = new ArrayList<>();
        if (master != null) {
            // master wins over a custom pool ("defaulting to master") and over worker (compact clusters).
            ordered.add(MASTER);
        } else if (custom.size() == 1) {
            ordered.add(custom.get(0));
        }
        if (worker != null && (custom.size() == 1 || master == null)) {
            ordered.add(WORKER);
        }
        return ordered.isEmpty() ? new NoPool() : new Member(ordered.get(0), ordered);
    }
}
