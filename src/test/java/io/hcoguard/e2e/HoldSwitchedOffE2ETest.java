package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With guard.upgrade.hold-virtualization-updates off (the default), an override hco-guard wrote while
 * it was on is removed at the next resync, and nothing else on the OperatorCondition changes.
 */
@QuarkusTest
class HoldSwitchedOffE2ETest {

    @Test
    void theLeaderRemovesItsOwnHoldAndOnlyThatWhenTheHoldIsOff() throws Exception {
        KubernetesClient admin = ControlPlane.admin();
        new Workloads(admin).namespace(OpenShiftSurfacesE2ETest.CNV);
        String csv = "kubevirt-hyperconverged-operator.v4.98.0";
        String ours = """
                {"type": "Upgradeable", "status": "False", "lastTransitionTime": "2026-12-01T00:00:00Z",
                 "reason": "HcoGuardHold", "message": "held while the option was on"}""";
        OpenShiftSurfacesE2ETest.operatorCondition(csv, OpenShiftSurfacesE2ETest.FOREIGN_OTHER_TYPE + ", " + ours);
        OpenShiftSurfacesE2ETest.installed(csv);

        await().atMost(OpenShiftSurfacesE2ETest.WAIT).until(() -> OpenShiftSurfacesE2ETest.overrides(csv).size() == 1);

        assertThat(OpenShiftSurfacesE2ETest.overrides(csv))
                .containsExactly(new ObjectMapper().readValue(OpenShiftSurfacesE2ETest.FOREIGN_OTHER_TYPE, Map.class));
        await().atMost(OpenShiftSurfacesE2ETest.WAIT).until(() -> OpenShiftSurfacesE2ETest.events(csv, "VirtualizationUpdatesReleased")
                .contains("hco-guard removed its hold: the hold is switched off (guard.upgrade.hold-virtualization-updates)."));
    }
}
