package io.hcoguard.openshift;

import io.hcoguard.drain.DrainOperation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.OperationBlockers;
import java.util.List;

/**
 * Which running VMIs block which update, as the OpenShift surfaces read it: the same sets the
 * webhook denies by, asked in one place each, so a change of the gate's set reaches every surface.
 */
final class UpgradeBlockers {

    private UpgradeBlockers() {
    }

    /**
     * The VMIs that block a cluster update (ClusterVersion) on the nodes it drains, as the gate counts
     * them (paused pools left out, single-node reboots judged), by node, namespace and name.
     */
    static List<VmiVerdict> clusterUpdate(VerdictSnapshot snapshot, GatePolicy policy) {
        return OperationBlockers.of(new DrainOperation.ClusterUpgrade(false), snapshot, policy, false).blockers();
    }

    /** The VMIs an OKD Virtualization update's workload update would shut down for good. */
    static List<VmiVerdict> virtualizationUpdate(VerdictSnapshot snapshot) {
        return snapshot.withUpdate(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD);
    }
}
