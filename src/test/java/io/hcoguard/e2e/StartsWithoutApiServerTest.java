package io.hcoguard.e2e;

import static io.hcoguard.e2e.DirectReviews.CLUSTER_UPGRADE_NOT_VERIFIABLE;
import static io.hcoguard.e2e.DirectReviews.MISSPELLED_METHOD_DENIAL;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No API server answers at start-up (DESIGN "Interface"): the app starts and serves anyway, live
 * and started but not ready; the HyperConverged rules judge exactly as usual, and gated upgrades
 * are denied as not verifiable.
 */
@QuarkusTest
@TestProfile(StartsWithoutApiServerTest.ApiServerAway.class)
class StartsWithoutApiServerTest {

    /** Its own app instance, no control plane, a Kubernetes client aimed at a port nothing listens on. */
    public static class ApiServerAway implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(ManagementPort.choose());
            overrides.put("quarkus.kubernetes-client.api-server-url", "https://127.0.0.1:" + ControlPlane.freePort());
            // Without the control plane nothing else picks the HTTPS port (an app in its own process would get 8444).
            overrides.put("quarkus.http.test-ssl-port", Integer.toString(ControlPlane.freePort()));
            return overrides;
        }
    }

    @AfterEach
    void keepsServing() {
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));
        DirectReviews.misspellWorkloadUpdateMethod("still-serving").statusCode(200).body("response.uid", equalTo("still-serving"));
    }

    @Test
    void isLiveStartedAndReadyWhileTheClusterViewSaysEveryWatchIsSyncing() {
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));
        ManagementPort.health("started").statusCode(200).body("status", equalTo("UP"));
        ManagementPort.health("ready").statusCode(200).body("status", equalTo("UP"));
        ManagementPort.health("group/cluster-view").statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'cluster-view' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'cluster-view' }.data", equalTo(ManagementPort.everyWatch("syncing")));
    }

    @Test
    void judgesHyperConvergedEditsExactly() {
        DirectReviews.misspellWorkloadUpdateMethod("typo").statusCode(200)
                .body("response.uid", equalTo("typo"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", equalTo(MISSPELLED_METHOD_DENIAL));
    }

    @Test
    void deniesClusterUpgradeAsNotVerifiable() {
        DirectReviews.requestClusterUpgrade("upgrade", "4.16.1").statusCode(200)
                .body("response.uid", equalTo("upgrade"))
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", equalTo(CLUSTER_UPGRADE_NOT_VERIFIABLE));
    }
}
