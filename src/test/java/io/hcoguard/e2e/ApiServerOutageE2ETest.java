package io.hcoguard.e2e;

import static io.hcoguard.e2e.DirectReviews.CLUSTER_UPGRADE_NOT_VERIFIABLE;
import static io.hcoguard.e2e.DirectReviews.MISSPELLED_METHOD_DENIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away while the app runs and comes back: the app stays live, turns unready
 * and refuses to let upgrades through unverified while cut off, and after reconnecting its view
 * shows what changed in the cluster meanwhile.
 */
@QuarkusTest
@TestProfile(ApiServerOutageE2ETest.BehindProxy.class)
class ApiServerOutageE2ETest {

    /** Its own app instance, whose API server link goes through the proxy. */
    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ControlPlaneBehindProxy.class));
        }
    }

    static final String NS = "outage-e2e";
    /** Watch reconnects back off up to 32 s (fabric8's default with a 1 s interval). */
    static final Duration RECONNECTED = Duration.ofSeconds(60);

    private static Workloads workloads;

    final AppView view = AppView.of(this);

    @BeforeAll
    static void cluster() {
        workloads = new Workloads(ControlPlane.admin());
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
        workloads.hostpathPvc(NS, "cache-root");
    }

    @AfterAll
    static void leaveNoBlocker() {
        ControlPlaneBehindProxy.proxy().restore();
        workloads.deleteVmi(NS, "db");
        workloads.deleteVmi(NS, "cache");
    }

    @Test
    void failsClosedWhileCutOffAndCatchesUpWithTheClusterAfterReconnecting() {
        workloads.runningVm(NS, "db", "Manual", "LiveMigrate", "db-root");
        await().atMost(Duration.ofSeconds(30)).until(() -> view.synced() && blockingVmis().equals(List.of(NS + "/db")));
        ManagementPort.health("group/cluster-view").statusCode(200).body("status", equalTo("UP"));

        ControlPlaneBehindProxy.proxy().cut();

        await().atMost(Duration.ofSeconds(30)).until(() -> ManagementPort.healthStatus("group/cluster-view") == 503);
        ManagementPort.health("group/cluster-view").body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'cluster-view' }.status", equalTo("DOWN"));
        // Still ready: it answers, and the gate says the view cannot be verified.
        ManagementPort.health("ready").statusCode(200).body("status", equalTo("UP"));
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));
        ManagementPort.health("started").statusCode(200).body("status", equalTo("UP"));
        DirectReviews.requestClusterUpgrade("cut-off", "4.16.1").statusCode(200)
                .body("response.uid", equalTo("cut-off"))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(CLUSTER_UPGRADE_NOT_VERIFIABLE));
        DirectReviews.misspellWorkloadUpdateMethod("hco-while-cut-off").statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(MISSPELLED_METHOD_DENIAL));

        // Behind the app's back: the blocker goes, another comes.
        workloads.deleteVmi(NS, "db");
        workloads.runningVm(NS, "cache", "Manual", "LiveMigrate", "cache-root");
        assertThat(view.synced()).isFalse();
        // The view keeps what it saw last; the report that names it needs the API server to check its
        // caller's token, the metrics do not.
        assertThat(view.meter("hco_guard_blocking_vmis", "upgrade", "cluster")).isEqualTo(1.0);

        ControlPlaneBehindProxy.proxy().restore();

        await().atMost(RECONNECTED).until(() -> ManagementPort.healthStatus("group/cluster-view") == 200);
        ManagementPort.health("group/cluster-view").body("status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster-view' }.data", equalTo(ManagementPort.everyWatch("synced")));
        assertThat(view.synced()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> blockingVmis().equals(List.of(NS + "/cache")));
        DirectReviews.requestClusterUpgrade("reconnected", "4.16.1").statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", startsWith("Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the"
                        + " drain.\nBy node: worker-1: 1\n- outage-e2e/cache (VM outage-e2e/cache) on worker-1: refuses eviction"
                        + " (LiveMigrate, not migratable): the drain of worker-1 waits forever\n  why: LiveMigratable=False"
                        + " (DisksNotLiveMigratable), PVC cache-root on hostpath storage; evictionStrategy=LiveMigrate,"
                        + " runStrategy Manual\n"));
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));
    }

    private List<String> blockingVmis() {
        return view.clusterBlockers();
    }
}
