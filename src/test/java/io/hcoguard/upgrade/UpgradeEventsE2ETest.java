package io.hcoguard.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionReviewCodec;
import io.hcoguard.admission.AdmissionReviews;
import io.hcoguard.admission.Decision;
import io.hcoguard.e2e.ControlPlane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against the real API server: a GitOps tool retrying a blocked ClusterVersion gets one Warning
 * Event with a count and a last time, not one Event per retry; an Event the API server no longer
 * has (expired) is recorded anew. Its own writer, on an object of its own, so that what the app
 * under test records elsewhere does not count here.
 */
@QuarkusTest
class UpgradeEventsE2ETest {

    private final KubernetesClient admin = ControlPlane.admin();
    private final UpgradeEvents events = new UpgradeEvents(admin, true, new SimpleMeterRegistry(), UpgradeEvents.QUEUE);
    private final String object = "retried-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRetriedDenialIsOneEventWithACountAndTheLastTime() {
        for (int retry = 1; retry <= 3; retry++) {
            events.denied(clusterUpgrade("bob"), denied("blocked, try " + retry));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(object).size() == 1 && eventsOf(object).get(0).getCount() == 3);
        Event event = eventsOf(object).get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("UpgradeBlocked");
        assertThat(event.getMessage()).isEqualTo("Denied UPDATE by bob: blocked, try 3");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("ClusterVersion");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-" + object);
        assertThat(Instant.parse(event.getLastTimestamp())).isAfterOrEqualTo(Instant.parse(event.getFirstTimestamp()));
    }

    @Test
    void anEventTheApiServerNoLongerHasIsRecordedAnew() {
        events.denied(clusterUpgrade("bob"), denied("blocked"));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(object).size() == 1);
        Event first = eventsOf(object).get(0);
        admin.v1().events().inNamespace("default").withName(first.getMetadata().getName()).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(object).isEmpty());

        events.denied(clusterUpgrade("bob"), denied("blocked again"));

        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(object).size() == 1);
        Event second = eventsOf(object).get(0);
        assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
        assertThat(second.getCount()).isEqualTo(1);
        assertThat(second.getMessage()).isEqualTo("Denied UPDATE by bob: blocked again");
    }

    private List<Event> eventsOf(String name) {
        return admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private AdmissionInput clusterUpgrade(String user) {
        ObjectNode review = AdmissionReviews.request("u", "config.openshift.io", "v1", "ClusterVersion", "clusterversions", "UPDATE",
                "{\"metadata\":{\"name\":\"" + object + "\",\"uid\":\"uid-" + object + "\"},"
                        + "\"spec\":{\"desiredUpdate\":{\"version\":\"4.16.1\"}}}",
                "{\"metadata\":{\"name\":\"" + object + "\"},\"spec\":{}}");
        ObjectNode request = (ObjectNode) review.get("request");
        request.put("name", object);
        ((ObjectNode) request.get("userInfo")).put("username", user);
        return new AdmissionReviewCodec().decode(review.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static GateVerdict denied(String message) {
        return new GateVerdict(Decision.deny(message), GateOutcome.DENIED_BLOCKERS);
    }
}
