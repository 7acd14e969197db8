package io.hcoguard.progress;

import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.placement.NodeSnapshot;
import java.util.Optional;

/**
 * Where a node is in its MachineConfigPool's rollout, from the machine-config operator's node
 * annotations: the daemon applies {@code desiredConfig} and records {@code currentConfig}; the pool
 * targets {@code spec.configuration} (as openshift/oc's upgrade status reads them,
 * pkg/cli/admin/upgrade/status/workerpool.go {@code assessNodesStatus}).
 */
public enum NodeUpdateState {
    /** It runs the pool's target. */
    UPDATED("updated"),
    /** Drained now (see {@link DrainsInProgress}). */
    DRAINING("draining"),
    /** The daemon reports Degraded or Unreconcilable ({@code machineconfiguration.openshift.io/state}). */
    DEGRADED("degraded"),
    /** Its desired configuration is the pool's target; it applies it or reboots into it. */
    UPDATING("updating"),
    /** The pool has not handed it the target yet (maxUnavailable, or the pool is paused). */
    WAITING("waiting"),
    /** No pool updates it, or the machine-config operator has not annotated it. */
    NOT_MANAGED("not managed");

    private final String text;

    NodeUpdateState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    static NodeUpdateState of(NodeSnapshot node, Optional<MachineConfigPoolSnapshot> pool, boolean draining) {
        if (draining) {
            return DRAINING;
        }
        Optional<String> current = node.currentConfig();
        if (pool.isEmpty() || current.isEmpty()) {
            return NOT_MANAGED;
        }
        String state = node.machineConfigState().orElse("");
        if ("Degraded".equals(state) || "Unreconcilable".equals(state)) {
            return DEGRADED;
        }
        // Nothing rendered for the pool yet: the node's own desired configuration is the target.
        String target = pool.get().specConfiguration().isEmpty() ? node.desiredConfig().orElse(current.get())
                : pool.get().specConfiguration();
        if (current.get().equals(target)) {
            return UPDATED;
        }
        return node.desiredConfig().filter(target::equals).isPresent() ? UPDATING : WAITING;
    }
}
