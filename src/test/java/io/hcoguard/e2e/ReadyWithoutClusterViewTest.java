package io.hcoguard.e2e;

import static io.hcoguard.e2e.DirectReviews.CLUSTER_UPGRADE_NOT_VERIFIABLE;
import static io.hcoguard.e2e.DirectReviews.MISSPELLED_METHOD_DENIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readiness means "can answer" (DESIGN "Interface", revised 2026-12-06): with an API server that
 * never answers, the view cannot sync, yet the replica is ready, so the Service keeps it and the
 * fail-closed HyperConverged webhook keeps judging: a typo is refused by name. The view's state
 * shows where it belongs: its health group, the metric, the gate's denial.
 */
@QuarkusTest
@TestProfile(StartsWithoutApiServerTest.ApiServerAway.class) // no API server answers: the view cannot sync
class ReadyWithoutClusterViewTest {

    @Test
    void isReadyAndRefusesAHyperConvergedTypoByNameWhileTheViewCannotSync() {
        ManagementPort.health("group/cluster-view").statusCode(503).body("status", equalTo("DOWN"));
        assertThat(ManagementPort.metric("hco_guard_cluster_view_synced")).isZero();

        ManagementPort.health("ready").statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", equalTo(List.of("https")))
                .body("checks[0].status", equalTo("UP"))
                .body("checks[0].data.protocols", equalTo("TLSv1.2,TLSv1.3"))
                .body("checks[0].data.certificate", startsWith("\"CN=hco-guard.hco-guard.svc\" (serial "));
        DirectReviews.misspellWorkloadUpdateMethod("typo").statusCode(200)
                .body("response.uid", equalTo("typo"))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(MISSPELLED_METHOD_DENIAL));
    }

    @Test
    void keepsTheViewsStateForTheGateItsHealthGroupAndTheMetric() {
        DirectReviews.requestClusterUpgrade("upgrade", "4.16.1").statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(CLUSTER_UPGRADE_NOT_VERIFIABLE));
        ManagementPort.health("group/cluster-view").statusCode(503)
                .body("checks.name", equalTo(List.of("cluster-view")))
                .body("checks[0].data.VirtualMachineInstance", equalTo("syncing"));
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));
    }
}
