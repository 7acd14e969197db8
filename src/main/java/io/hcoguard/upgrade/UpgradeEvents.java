package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.config.GuardConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes a Warning Event on the object of each denied upgrade request, so `oc describe` and the
 * cluster's event stream show who tried and why it was refused. Asynchronous and bounded: a slow
 * API server delays or drops Events, never admission answers. Never called for dry runs.
 */
@ApplicationScoped
public class UpgradeEvents {

    private static final Logger LOG = Logger.getLogger(UpgradeEvents.class);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Event messages are capped by the API server at 1 KiB. */
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final boolean enabled;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), runnable -> {
                Thread thread = new Thread(runnable, "hco-guard-events");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    UpgradeEvents(KubernetesClient client, GuardConfig config) {
        this.client = client;
        this.enabled = config.events().enabled();
    }

    void denied(AdmissionInput input, GateVerdict verdict) {
        if (!enabled) {
            return;
        }
        JsonNode metadata = input.object() == null ? null : input.object().path("metadata");
        String namespace = input.request().getNamespace() == null || input.request().getNamespace().isEmpty()
                ? "default" : input.request().getNamespace(); // cluster-scoped objects: events go to default
        String name = input.request().getName();
        String kind = input.kind().map(k -> k.getKind()).orElse("");
        String apiVersion = input.apiVersion();
        String uid = metadata == null ? null : metadata.path("uid").asText(null);
        String message = "Denied " + input.operation() + " by " + input.username() + ": " + verdict.decision().message();
        String time = SECONDS.format(Instant.now());
        writer.execute(() -> {
            try {
                client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                        .withNewMetadata().withName(name + "." + UUID.randomUUID()).withNamespace(namespace).endMetadata()
                        .withNewInvolvedObject().withApiVersion(apiVersion).withKind(kind).withName(name)
                        .withNamespace(input.request().getNamespace()).withUid(uid).endInvolvedObject()
                        .withType("Warning")
                        .withReason("UpgradeBlocked")
                        .withNewSource().withComponent("hco-guard").endSource()
                        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message)
                        .withFirstTimestamp(time)
                        .withLastTimestamp(time)
                        .withCount(1)
                        .build()).create();
            } catch (RuntimeException e) {
                LOG.warnf("could not record the Event for denied %s: %s", input.describe(), e.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent shutdown) {
        writer.shutdown();
    }
}
