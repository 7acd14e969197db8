package io.hcoguard.upgrade;

import io.hcoguard.drain.DrainOperation;
import io.hcoguard.drain.DrainScope;
import io.hcoguard.drain.DrainScope.Disruption;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one operation that drains (or reboots) nodes does to the running VMIs it reaches, and which of
 * them block it: the VMIs of the nodes it reaches, nowhere else (DESIGN "Which nodes an operation
 * drains"). Pure and cheap: the scope of a cluster upgrade is computed once per topology, the
 * blockers are a filter of one sorted list of the snapshot.
 *
 * @param effect how the reached VMIs are treated: drained, or rebooted without a drain (single node)
 * @param blockers the VMIs that block the operation, by node, namespace and name
 * @param pausedPools per paused pool the operation leaves out, the VMIs that will block its unpause
 * @param external reached VMIs with evictionStrategy External that do not block (a warning counts them)
 */
public record OperationBlockers(
        DrainScope scope, Effect effect, List<VmiVerdict> blockers, Map<String, List<VmiVerdict>> pausedPools, int external) {

    /** How the operation treats a VMI it reaches: what its line in a denial says and how to fix it. */
    public enum Effect {
        /** Evicted by a drain: the drain outcome decides. */
        DRAIN,
        /** Stopped by a reboot without a drain (single-node topology): whether its controller starts it again decides. */
        REBOOT,
        /** Nothing happens to it now (a cordon, a pool with nothing to roll out). */
        NONE;

        public String consequence(VmiVerdict verdict) {
            return this == REBOOT ? verdict.rebootConsequence() : verdict.drain().consequence();
        }

        public Remediation remediation(VmiVerdict verdict) {
            return this == REBOOT ? verdict.rebootRemediation() : verdict.drainRemediation();
        }
    }

    public OperationBlockers {
        blockers = List.copyOf(blockers);
        pausedPools = Map.copyOf(pausedPools);
    }

    /**
     * @param asDrain judge a cordon or a MachineConfig change as the drain it may lead to (warnings),
     *     rather than as the nothing it does by itself
     */
    public static OperationBlockers of(DrainOperation operation, VerdictSnapshot snapshot, GatePolicy policy, boolean asDrain) {
        NodeTopology topology = snapshot.topology();
        DrainScope scope = topology.scope(operation);
        Effect effect = switch (scope.disruption()) {
            case DRAIN, MAYBE_DRAIN -> Effect.DRAIN;
            case REBOOT_WITHOUT_DRAIN, MAYBE_REBOOT_WITHOUT_DRAIN -> Effect.REBOOT;
            case CORDON -> asDrain ? Effect.DRAIN : Effect.NONE;
            case NONE -> Effect.NONE;
        };
        Predicate<String> reached = reached(operation, scope, topology);
        Set<DrainOutcome> blocking = UpgradeGate.drainBlocking(policy);
        List<VmiVerdict> blockers = switch (effect) {
            case DRAIN -> snapshot.withDrain(blocking, reached);
            case REBOOT -> snapshot.runningOn(reached).stream().filter(v -> !v.restartsAfterNodeReboot()).toList();
            case NONE -> List.of();
        };
        Map<String, List<VmiVerdict>> paused = new LinkedHashMap<>();
        scope.pausedPools().forEach((pool, nodes) -> {
            List<VmiVerdict> waiting = effect == Effect.REBOOT
                    ? snapshot.runningOn(nodes::contains).stream().filter(v -> !v.restartsAfterNodeReboot()).toList()
                    : snapshot.withDrain(blocking, nodes::contains);
            if (!waiting.isEmpty()) {
                paused.put(pool, waiting);
            }
        });
        int external = effect != Effect.DRAIN || policy.externalBlocks() ? 0
                : snapshot.withDrain(Set.of(DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER), reached).size();
        return new OperationBlockers(scope, effect, blockers, paused, external);
    }

    /**
     * The nodes whose VMIs the operation reaches. For the operations the machine-config operator
     * carries out (by pool), a VMI on a node the view does not know counts too: its pool cannot be
     * told, and an unknown must not let an upgrade pass.
     */
    private static Predicate<String> reached(DrainOperation operation, DrainScope scope, NodeTopology topology) {
        if (scope.disruption() == Disruption.NONE) {
            return node -> false;
        }
        boolean byPool = operation instanceof DrainOperation.ClusterUpgrade
                || operation instanceof DrainOperation.PoolUnpause
                || operation instanceof DrainOperation.MachineConfigChange;
        if (byPool) {
            return node -> scope.nodes().contains(node) || !topology.knows(node);
        }
        return scope.nodes()::contains;
    }

    /** "worker-1, worker-2 and 3 more" for the nodes reached, or "every node (why)". */
    public String nodesText(int shown) {
        if (scope.nodes() instanceof DrainScope.NodeSet.EveryNode every) {
            return "every node (" + every.why() + ")";
        }
        List<String> names = List.copyOf(((DrainScope.NodeSet.Named) scope.nodes()).names());
        if (names.isEmpty()) {
            return "no node";
        }
        String listed = String.join(", ", names.subList(0, Math.min(shown, names.size())));
        return names.size() > shown ? listed + " and " + (names.size() - shown) + " more" : listed;
    }
}
