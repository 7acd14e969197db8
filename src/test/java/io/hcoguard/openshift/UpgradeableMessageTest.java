package io.hcoguard.openshift;

import static io.hcoguard.openshift.SurfaceFixtures.EVICTING;
import static io.hcoguard.openshift.SurfaceFixtures.migrates;
import static io.hcoguard.openshift.SurfaceFixtures.shutDown;
import static io.hcoguard.openshift.SurfaceFixtures.stallsDrain;
import static io.hcoguard.openshift.SurfaceFixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import org.junit.jupiter.api.Test;

class UpgradeableMessageTest {

    private static final String SEE_ALL = "Every VMI with its fix: kubectl hco-guard precheck, or GET /upgrade-readiness.";

    @Test
    void namesOneBlockerWithItsNodeWhereToSeeTheFixAndTheRiskToAccept() {
        VerdictSnapshot snapshot = synced(stallsDrain("db", "pg-0", "worker-1"), migrates("web", "front", "worker-1"));

        assertThat(UpgradeableMessage.clusterUpdate(UpgradeBlockers.clusterUpdate(snapshot, GatePolicy.defaults())))
                .isEqualTo("1 running VMI blocks cluster updates: 1 stalls the drain. By node: worker-1: 1. VMIs: db/pg-0. "
                        + SEE_ALL + " To accept the risk: oc adm upgrade accept ClusterOperatorUpgradeable-hco-guard");
    }

    @Test
    void countsByOutcomeAndNodeAndNamesOnlyTheFirstThree() {
        VerdictSnapshot snapshot = synced(stallsDrain("db", "pg-0", "worker-1"), stallsDrain("db", "pg-1", "worker-1"),
                shutDown("lab", "scratch", "worker-2"), stallsDrain("web", "cache", "worker-3"), shutDown("ci", "runner", "worker-2"));

        assertThat(UpgradeableMessage.clusterUpdate(UpgradeBlockers.clusterUpdate(snapshot, GatePolicy.defaults())))
                .isEqualTo("5 running VMIs block cluster updates: 3 stall the drain, 2 are shut down for good."
                        + " By node: worker-1: 2, worker-2: 2, worker-3: 1. VMIs: db/pg-0, db/pg-1, ci/runner and 2 more. "
                        + SEE_ALL + " To accept the risk: oc adm upgrade accept ClusterOperatorUpgradeable-hco-guard");
    }

    @Test
    void theHoldSaysWhichWorkloadUpdateShutsWhichVmisDown() {
        VerdictSnapshot snapshot = synced(shutDown("lab", "scratch", "worker-2"), stallsDrain("db", "pg-0", "worker-1"));

        assertThat(UpgradeableMessage.virtualizationUpdate(UpgradeBlockers.virtualizationUpdate(snapshot), EVICTING))
                .isEqualTo("hco-guard holds OKD Virtualization updates: the workload update (workloadUpdateMethods"
                        + " [LiveMigrate, Evict]) would shut down 1 running VMI for good: lab/scratch. " + SEE_ALL
                        + " The hold lifts when none is left.");
    }
}
