package io.hcoguard.progress;

import io.hcoguard.drain.NodeMaintenanceSnapshot;
import io.hcoguard.placement.NodeSnapshot;
import java.util.Optional;

/** What is draining a node, as the cluster shows it. */
public sealed interface DrainCause {

    /**
     * The machine-config operator drains the node for a new rendered configuration: the daemon asks
     * with {@code desiredDrain: drain-<rendered config>} (pkg/daemon/drain.go {@code performDrain}),
     * the drain controller writes the same value to {@code lastAppliedDrain} once the drain succeeded
     * (pkg/controller/drain/drain_controller.go {@code syncNode}: the verb is the text before the
     * first "-", and equal values mean done; {@code uncordon-<config>} asks for the uncordon).
     *
     * @param request the {@code desiredDrain} value, e.g. "drain-rendered-worker-5d1c"
     */
    record MachineConfig(String request) implements DrainCause {
    }

    /** A NodeMaintenance (medik8s node-maintenance-operator) in phase Running cordons and drains the node. */
    record Maintenance(String name) implements DrainCause {
    }

    /**
     * The node is cordoned and KubeVirt marked VMIs on it for evacuation ({@code status.evacuationNodeName}):
     * something evicts its pods, e.g. {@code kubectl drain}. A drain whose only VMIs refuse eviction
     * without being marked shows only through the other causes.
     */
    record Evacuation() implements DrainCause {
    }

    /** Stable over the drain, the same in every replica: Events are named after it. */
    default String id() {
        if (this instanceof MachineConfig mco) {
            return "mco/" + mco.request();
        }
        return this instanceof Maintenance maintenance ? "nodemaintenance/" + maintenance.name() : "evacuation";
    }

    /** In an admin's words, e.g. "NodeMaintenance nm-worker-2". */
    default String describe() {
        if (this instanceof MachineConfig mco) {
            return "the machine-config operator (" + mco.request() + ")";
        }
        return this instanceof Maintenance maintenance ? "NodeMaintenance " + maintenance.name()
                : "an eviction of its pods (cordoned, VMIs marked for evacuation)";
    }

    /**
     * The machine-config operator's drain request, as its drain controller reads the node; unlike
     * openshift/oc's {@code isNodeDraining} (pkg/cli/admin/upgrade/status/workerpool.go), a node
     * without {@code lastAppliedDrain} yet counts: the controller drains it all the same.
     */
    static Optional<DrainCause> machineConfig(NodeSnapshot node) {
        String desired = node.desiredDrain().orElse("");
        String verb = desired.split("-", 2)[0];
        return "drain".equals(verb) && !desired.equals(node.lastAppliedDrain().orElse(""))
                ? Optional.of(new MachineConfig(desired))
                : Optional.empty();
    }

    /** A NodeMaintenance that is draining its node now. */
    static Optional<DrainCause> maintenance(NodeMaintenanceSnapshot maintenance) {
        return maintenance.phase() == NodeMaintenanceSnapshot.Phase.RUNNING && !maintenance.nodeName().isEmpty()
                ? Optional.of(new Maintenance(maintenance.name()))
                : Optional.empty();
    }
}
