package io.hcoguard.openshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.upgrade.ReadinessReport;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps {@link VirtualizationHold} on the OperatorCondition of HCO's installed CSV: the Subscription
 * of the package (guard.upgrade.subscription-packages) names the CSV in status.installedCSV, and OLM
 * names the CSV's OperatorCondition after it, in the same namespace. Found again at each resync
 * (an update installs a new CSV). Writes replace the object at the resourceVersion read, so an edit
 * made meanwhile (a foreign override) is never overwritten: the write fails, is read again and
 * planned again. Says what it did in an Event.
 */
final class HoldWriter {

    private static final Logger LOG = Logger.getLogger(HoldWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private record Location(String namespace, String name) {
        String ref() {
            return namespace + "/" + name;
        }
    }

    private final KubernetesClient client;
    private final Set<String> packages;
    private final OpenShiftWriter.Events events;
    private final AtomicLong writes;
    private final StateLog log = new StateLog("Hold of OKD Virtualization updates");
    private Location location;
    private GenericKubernetesResource known;
    private VirtualizationHold.Wanted written;
    private boolean cleaning;
    private ReadinessReport.Hold report = new ReadinessReport.Hold(SurfaceState.NOT_READ_YET.name(), "", "");

    HoldWriter(KubernetesClient client, Set<String> packages, OpenShiftWriter.Events events, AtomicLong writes) {
        this.client = client;
        this.packages = packages;
        this.events = events;
        this.writes = writes;
    }

    /**
     * @param wanted what the view asks of the hold
     * @param write this replica holds the Lease
     * @param resync find the OperatorCondition and read it again
     */
    ReadinessReport.Hold reconcile(VirtualizationHold.Wanted wanted, boolean write, boolean resync, String now) {
        boolean writing = write && !(wanted instanceof VirtualizationHold.Wanted.CannotTell);
        boolean news = writing && (known == null || !wanted.equals(written));
        if (!resync && (!news || location == null)) {
            return report; // where to write is looked up at resync only
        }
        try {
            if (resync) {
                location = locate();
            }
            if (location == null) {
                return report;
            }
            return apply(writing ? wanted : null, resync, now);
        } catch (KubernetesClientException e) {
            known = null;
            location = null;
            return state(WrittenKind.forbidden(e) ? SurfaceState.FORBIDDEN : SurfaceState.FAILING, "", "",
                    e.getCode() + ": " + e.getMessage());
        }
    }

    /**
     * With the hold switched off: at each resync the leader removes an override hco-guard wrote while
     * it was on (or a replica that still has it on wrote during a rollout), so turning the option off
     * never leaves OKD Virtualization updates held.
     */
    ReadinessReport.Hold off(boolean write, boolean resync, String now) {
        if (write && resync) {
            cleaning = true;
            try {
                log.quietly(() -> reconcile(new VirtualizationHold.Wanted.Release(), true, true, now));
            } finally {
                cleaning = false;
            }
        }
        report = new ReadinessReport.Hold(SurfaceState.OFF.name(), "", "");
        log.now(SurfaceState.OFF, "");
        return report;
    }

    /** The installed CSV's OperatorCondition, or null (the report says why). */
    private Location locate() {
        if (!WrittenKind.SUBSCRIPTION.served(client) || !WrittenKind.OPERATOR_CONDITION.served(client)) {
            known = null;
            state(SurfaceState.KIND_ABSENT, "", "", "");
            return null;
        }
        Optional<GenericKubernetesResource> subscription = WrittenKind.SUBSCRIPTION.listEverywhere(client).stream()
                .filter(s -> packages.contains(text(s, "spec", "name")) && !text(s, "status", "installedCSV").isEmpty())
                .min(Comparator.comparing((GenericKubernetesResource s) -> s.getMetadata().getNamespace())
                        .thenComparing(s -> s.getMetadata().getName()));
        if (subscription.isEmpty()) {
            known = null;
            state(SurfaceState.NO_INSTALLED_CSV, "", "", "");
            return null;
        }
        Location found = new Location(subscription.get().getMetadata().getNamespace(), text(subscription.get(), "status", "installedCSV"));
        if (!found.equals(location)) {
            known = null;
        }
        return found;
    }

    /** @param wanted null: read only */
    private ReadinessReport.Hold apply(VirtualizationHold.Wanted wanted, boolean reread, String now) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource live = reread || known == null || attempt > 1
                    ? WrittenKind.OPERATOR_CONDITION.get(client, location.namespace(), location.name()) : known;
            if (live == null) {
                Location missing = location;
                known = null;
                location = null; // looked for again at the next resync, not at every tick
                return state(SurfaceState.NO_OPERATOR_CONDITION, missing.ref(), "", missing.ref());
            }
            JsonNode overrides = overrides(live);
            if (wanted == null) {
                known = live;
                return read(overrides);
            }
            VirtualizationHold.Plan plan = VirtualizationHold.plan(overrides, wanted.message(), now);
            if (plan.overrides().isEmpty()) {
                known = live;
                written = wanted;
                return read(overrides);
            }
            try {
                Map<String, Object> spec = new LinkedHashMap<>(live.get("spec") == null ? Map.of() : live.<Map<String, Object>>get("spec"));
                spec.put("overrides", JSON.convertValue(plan.overrides().get(), Object.class));
                live.setAdditionalProperty("spec", spec);
                known = WrittenKind.OPERATOR_CONDITION.update(client, live);
                writes.incrementAndGet();
                written = wanted;
                tell(known, plan);
                return read(overrides(known));
            } catch (KubernetesClientException e) {
                if (!WrittenKind.conflict(e) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void tell(GenericKubernetesResource operatorCondition, VirtualizationHold.Plan plan) {
        ObjectReference involved = new ObjectReferenceBuilder().withApiVersion(WrittenKind.OPERATOR_CONDITION.apiVersion())
                .withKind(WrittenKind.OPERATOR_CONDITION.kind()).withNamespace(operatorCondition.getMetadata().getNamespace())
                .withName(operatorCondition.getMetadata().getName()).withUid(operatorCondition.getMetadata().getUid()).build();
        switch (plan.change()) {
            case ADDED -> events.record(involved, "Warning", "VirtualizationUpdatesHeld",
                    VirtualizationHold.message(overrides(operatorCondition)));
            case REMOVED -> {
                String why = cleaning ? "the hold is switched off (guard.upgrade.hold-virtualization-updates)."
                        : plan.state() == VirtualizationHold.State.FOREIGN_OVERRIDE ? "an Upgradeable override it did not write decides."
                        : "no running VMI would be shut down for good by the workload update.";
                LOG.infof("removed its Upgradeable override from OperatorCondition %s/%s: %s",
                        involved.getNamespace(), involved.getName(), why);
                events.record(involved, "Normal", "VirtualizationUpdatesReleased", "hco-guard removed its hold: " + why);
            }
            default -> {
            }
        }
    }

    private ReadinessReport.Hold read(JsonNode overrides) {
        SurfaceState state = switch (VirtualizationHold.state(overrides)) {
            case HELD -> SurfaceState.HELD;
            case NOT_HELD -> SurfaceState.NOT_HELD;
            case FOREIGN_OVERRIDE -> SurfaceState.FOREIGN_OVERRIDE;
        };
        String message = "";
        for (JsonNode override : overrides) {
            if (VirtualizationHold.TYPE.equals(override.path("type").asText())) {
                message = override.path("message").asText();
                break;
            }
        }
        return state(state, location.ref(), message, location.ref());
    }

    private ReadinessReport.Hold state(SurfaceState state, String operatorCondition, String message, String detail) {
        log.now(state, detail);
        report = new ReadinessReport.Hold(state.name(), operatorCondition, message);
        return report;
    }

    private static JsonNode overrides(GenericKubernetesResource operatorCondition) {
        Object spec = operatorCondition.getAdditionalProperties().get("spec");
        return spec == null ? MissingNode.getInstance() : JSON.valueToTree(spec).path("overrides");
    }

    private static String text(GenericKubernetesResource object, String... path) {
        Object value = object.get((Object[]) path);
        return value instanceof String s ? s.trim() : "";
    }
}
