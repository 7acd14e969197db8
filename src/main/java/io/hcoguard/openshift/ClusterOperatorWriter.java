package io.hcoguard.openshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.upgrade.ReadinessReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps ClusterOperator hco-guard's status as {@link ClusterOperatorStatus} says. The leader writes
 * when the desired conditions change, and at each resync reads the object back: a deleted one is
 * created again, an edited status is written again. A write happens only when the status differs,
 * and a condition keeps its lastTransitionTime while its status stays, so a restart changes nothing.
 * Every replica reads at resync, for the report.
 */
final class ClusterOperatorWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final KubernetesClient client;
    private final ClusterOperatorStatus.Installation installation;
    private final AtomicLong writes;
    private final StateLog log = new StateLog("ClusterOperator " + ClusterOperatorStatus.NAME);
    /** The object as last read or written; null when not known. */
    private GenericKubernetesResource known;
    private List<Condition> written;
    private boolean served;
    private boolean failed;
    private ReadinessReport.ClusterOperator report = report(SurfaceState.NOT_READ_YET, MissingNode.getInstance());

    ClusterOperatorWriter(KubernetesClient client, ClusterOperatorStatus.Installation installation, AtomicLong writes) {
        this.client = client;
        this.installation = installation;
        this.writes = writes;
    }

    /**
     * @param desired the conditions the view supports now
     * @param write this replica holds the Lease
     * @param resync read the object (and whether the kind is served) again
     * @param now RFC 3339 seconds
     */
    ReadinessReport.ClusterOperator reconcile(List<Condition> desired, boolean write, boolean resync, String now) {
        boolean news = write && (known == null || !desired.equals(written));
        if (!resync && (!news || failed)) {
            return report; // after a failure, the next try is the next resync's
        }
        try {
            if (resync) {
                served = WrittenKind.CLUSTER_OPERATOR.served(client);
            }
            if (!served) {
                known = null;
                return state(SurfaceState.KIND_ABSENT, MissingNode.getInstance(), "");
            }
            failed = false;
            return apply(desired, write, resync, now);
        } catch (KubernetesClientException e) {
            known = null;
            failed = true;
            return state(WrittenKind.forbidden(e) ? SurfaceState.FORBIDDEN : SurfaceState.FAILING, MissingNode.getInstance(),
                    e.getCode() + ": " + e.getMessage());
        }
    }

    ReadinessReport.ClusterOperator off() {
        return state(SurfaceState.OFF, MissingNode.getInstance(), "");
    }

    private ReadinessReport.ClusterOperator apply(List<Condition> desired, boolean write, boolean reread, String now) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource live = reread || known == null || attempt > 1
                    ? WrittenKind.CLUSTER_OPERATOR.get(client, null, ClusterOperatorStatus.NAME) : known;
            if (live == null && !write) {
                known = null;
                return state(SurfaceState.NOT_WRITTEN_YET, MissingNode.getInstance(), "");
            }
            try {
                if (live == null) {
                    live = WrittenKind.CLUSTER_OPERATOR.create(client, newClusterOperator());
                    writes.incrementAndGet();
                }
                if (write) {
                    JsonNode status = status(live);
                    Map<String, Object> next = ClusterOperatorStatus.status(desired, status, installation, now);
                    if (!JSON.valueToTree(next).equals(status)) {
                        live.setAdditionalProperty("status", next);
                        live = WrittenKind.CLUSTER_OPERATOR.updateStatus(client, live);
                        writes.incrementAndGet();
                    }
                }
                known = live;
                written = write ? desired : written;
                return state(SurfaceState.WRITTEN, status(live), "");
            } catch (KubernetesClientException e) {
                if (!WrittenKind.conflict(e) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private ReadinessReport.ClusterOperator state(SurfaceState state, JsonNode status, String detail) {
        log.now(state, detail);
        report = report(state, status);
        return report;
    }

    private static ReadinessReport.ClusterOperator report(SurfaceState state, JsonNode status) {
        return ClusterOperatorStatus.upgradeable(status)
                .map(c -> new ReadinessReport.ClusterOperator(state.name(), c.status(), c.reason(), c.message()))
                .orElse(new ReadinessReport.ClusterOperator(state.name(), "", "", ""));
    }

    private static JsonNode status(GenericKubernetesResource object) {
        Object status = object.getAdditionalProperties().get("status");
        return status == null ? MissingNode.getInstance() : JSON.valueToTree(status);
    }

    private static GenericKubernetesResource newClusterOperator() {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(WrittenKind.CLUSTER_OPERATOR.apiVersion());
        object.setKind(WrittenKind.CLUSTER_OPERATOR.kind());
        object.setMetadata(new ObjectMetaBuilder().withName(ClusterOperatorStatus.NAME).build());
        object.setAdditionalProperty("spec", Map.of());
        return object;
    }
}
