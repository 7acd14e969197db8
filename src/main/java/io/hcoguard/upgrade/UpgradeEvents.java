package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
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
 * cluster's event stream show who tried and why it was refused; and Events on the objects hco-guard
 * itself changes. Asynchronous and bounded: a slow API server delays or drops Events, never
 * admission answers. Never called for dry runs.
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
        String kind = input.kind().map(k -> k.getKind()).orElse("");
        String uid = metadata == null ? null : metadata.path("uid").asText(null);
        String message = "Denied " + input.operation() + " by " + input.username() + ": " + verdict.decision().message();
        write(new ObjectReferenceBuilder().withApiVersion(input.apiVersion()).withKind(kind).withName(input.request().getName())
                .withNamespace(input.request().getNamespace()).withUid(uid).build(), "Warning", "UpgradeBlocked", message,
                "denied " + input.describe());
    }

    /**
     * An Event on an object hco-guard changed (the OperatorCondition it holds OKD Virtualization
     * updates with), written as a denial's: asynchronously, dropped when the queue is full.
     *
     * @param type "Normal" or "Warning"
     */
    public void record(ObjectReference involved, String type, String reason, String message) {
        if (enabled) {
            write(involved, type, reason, message, reason + " on " + involved.getKind() + " " + involved.getName());
        }
    }

    private void write(ObjectReference involved, String type, String reason, String message, String what) {
        String namespace = involved.getNamespace() == null || involved.getNamespace().isEmpty()
                ? "default" : involved.getNamespace(); // cluster-scoped objects: events go to default
        String time = SECONDS.format(Instant.now());
        writer.execute(() -> {
            try {
                client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                        .withNewMetadata().withName(involved.getName() + "." + UUID.randomUUID()).withNamespace(namespace).endMetadata()
                        .withInvolvedObject(involved)
                        .withType(type)
                        .withReason(reason)
                        .withNewSource().withComponent("hco-guard").endSource()
                        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message)
                        .withFirstTimestamp(time)
                        .withLastTimestamp(time)
                        .withCount(1)
                        .build()).create();
            } catch (RuntimeException e) {
                LOG.warnf("could not record the Event for %s: %s", what, e.getMessage());
            }
        });
    }

    void stop(@Observes ShutdownEvent shutdown) {
        writer.shutdown();
    }
}
