package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.config.GuardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records a Warning Event on the object of each denied upgrade request, so `oc describe` and the
 * cluster's event stream show who tried and why it was refused; and Events on the objects hco-guard
 * itself changes. Repeats count in the same Event ({@link EventCorrelation}). Asynchronous and
 * bounded: a slow API server delays or drops Events, never admission answers; what is dropped is
 * counted ({@code hco_guard_events_dropped_total}: queue_full, write_failed). Never called for dry runs.
 */
@ApplicationScoped
public class UpgradeEvents {

    static final String REASON = "UpgradeBlocked";
    static final int QUEUE = 100;

    private static final Logger LOG = Logger.getLogger(UpgradeEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Event messages are capped by the API server at 1 KiB. */
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final boolean enabled;
    /** Owned by the writer thread: every read and update happens in a task of {@link #writer}. */
    private final EventCorrelation correlation = new EventCorrelation();
    private final Counter queueFull;
    private final Counter writeFailed;
    private final ThreadPoolExecutor writer;

    @Inject
    UpgradeEvents(KubernetesClient client, GuardConfig config, MeterRegistry registry) {
        this(client, config.events().enabled(), registry, QUEUE);
    }

    UpgradeEvents(KubernetesClient client, boolean enabled, MeterRegistry registry, int queue) {
        this.client = client;
        this.enabled = enabled;
        String dropped = "Events not recorded: the queue to the API server was full, or the write failed";
        this.queueFull = Counter.builder("hco_guard_events_dropped_total").tag("reason", "queue_full").description(dropped)
                .register(registry);
        this.writeFailed = Counter.builder("hco_guard_events_dropped_total").tag("reason", "write_failed").description(dropped)
                .register(registry);
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
            Thread thread = new Thread(runnable, "hco-guard-events");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> queueFull.increment());
    }

    void denied(AdmissionInput input, GateVerdict verdict) {
        if (!enabled) {
            return;
        }
        JsonNode metadata = input.object() == null ? null : input.object().path("metadata");
        EventCorrelation.Key key = new EventCorrelation.Key(input.request().getNamespace(), input.apiVersion(),
                input.kind().map(k -> k.getKind()).orElse(""), input.request().getName(),
                metadata == null ? null : metadata.path("uid").asText(null), "Warning", REASON);
        String message = "Denied " + input.operation() + " by " + input.username() + ": " + verdict.decision().message();
        write(key, message, "denied " + input.describe());
    }

    /**
     * An Event on an object hco-guard changed (the OperatorCondition it holds OKD Virtualization
     * updates with), recorded as a denial's: asynchronously, correlated, counted when dropped.
     *
     * @param type "Normal" or "Warning"
     */
    public void record(ObjectReference involved, String type, String reason, String message) {
        if (enabled) {
            write(new EventCorrelation.Key(involved.getNamespace(), involved.getApiVersion(), involved.getKind(),
                    involved.getName(), involved.getUid(), type, reason), message,
                    reason + " on " + involved.getKind() + " " + involved.getName());
        }
    }

    private void write(EventCorrelation.Key key, String message, String what) {
        String namespace = key.namespace() == null || key.namespace().isEmpty()
                ? "default" : key.namespace(); // cluster-scoped objects: events go to default
        String abbreviated = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        String time = SECONDS.format(Instant.now());
        writer.execute(() -> {
            try {
                record(namespace, key, abbreviated, time);
            } catch (RuntimeException e) {
                writeFailed.increment();
                LOG.warnf("could not record the Event for %s: %s", what, e.getMessage());
            }
        });
    }

    /** On the writer thread: a repeat patches the Event of the first denial; anything else creates one. */
    private void record(String namespace, EventCorrelation.Key key, String message, String time) {
        EventCorrelation.Occurrence occurrence = correlation.observe(key, time, () -> eventName(key));
        if (!occurrence.first()) {
            try {
                Map<String, Object> repeat = new LinkedHashMap<>();
                repeat.put("count", occurrence.count());
                repeat.put("lastTimestamp", time);
                repeat.put("message", message);
                client.v1().events().inNamespace(namespace).withName(occurrence.eventName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), JSON.valueToTree(repeat).toString());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                correlation.forget(key); // expired: record this denial as the first of a new Event
                occurrence = correlation.observe(key, time, () -> eventName(key));
            }
        }
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(occurrence.eventName()).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withApiVersion(key.apiVersion()).withKind(key.kind()).withName(key.name())
                .withNamespace(key.namespace()).withUid(key.uid()).endInvolvedObject()
                .withType(key.type())
                .withReason(key.reason())
                .withNewSource().withComponent("hco-guard").endSource()
                .withMessage(message)
                .withFirstTimestamp(occurrence.firstTimestamp())
                .withLastTimestamp(time)
                .withCount(occurrence.count())
                .build()).create();
    }

    /** As client-go names them: the object's name and a unique suffix. */
    private static String eventName(EventCorrelation.Key key) {
        return key.name() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        writer.shutdown();
    }
}
