package io.hcoguard.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionReviewCodec;
import io.hcoguard.admission.AdmissionReviews;
import io.hcoguard.admission.Decision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An API server that stops answering holds the Event writer: denials queue up to the bound, and
 * what does not fit is dropped and counted, never waited for; the writes that then fail are counted too.
 */
class UpgradeEventsQueueTest {

    private static final GateVerdict DENIED = new GateVerdict(Decision.deny("Cluster upgrade blocked"), GateOutcome.DENIED_BLOCKERS);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void denialsBeyondTheQueueAreDroppedAndCountedWhileTheApiServerHangs() throws Exception {
        try (ServerSocket silentApiServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + silentApiServer.getLocalPort())
                        .withRequestRetryBackoffLimit(0).withRequestTimeout(600_000).build()).build()) {
            UpgradeEvents events = new UpgradeEvents(client, true, registry, 2);
            AdmissionInput input = clusterUpgrade();

            events.denied(input, DENIED);
            silentApiServer.setSoTimeout(60_000);
            try (Socket held = silentApiServer.accept()) { // the writer is in its first write, which never returns
                for (int i = 0; i < 5; i++) {
                    events.denied(input, DENIED);
                }

                assertThat(dropped("queue_full")).isEqualTo(3);
                assertThat(dropped("write_failed")).isZero();
            }
            silentApiServer.close(); // the first write fails, and the two queued find nobody listening
            await().atMost(Duration.ofSeconds(60)).until(() -> dropped("write_failed") == 3);
            assertThat(dropped("queue_full")).isEqualTo(3);
        }
    }

    private double dropped(String reason) {
        return registry.get("hco_guard_events_dropped_total").tag("reason", reason).counter().count();
    }

    static AdmissionInput clusterUpgrade() {
        return new AdmissionReviewCodec().decode(AdmissionReviews.request("u", "config.openshift.io", "v1", "ClusterVersion",
                "clusterversions", "UPDATE", "{\"metadata\":{\"name\":\"version\"},\"spec\":{\"desiredUpdate\":{\"version\":\"4.16.1\"}}}",
                "{\"metadata\":{\"name\":\"version\"},\"spec\":{}}").toString().getBytes(StandardCharsets.UTF_8));
    }
}
