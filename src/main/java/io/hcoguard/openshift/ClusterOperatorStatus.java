package io.hcoguard.openshift;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.upgrade.GatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ClusterOperator hco-guard says, from the view alone. The cluster-version operator reads every
 * ClusterOperator: Upgradeable=False on any of them is a risk `oc adm upgrade` and the console show,
 * and blocks minor and major updates (openshift/cluster-version-operator
 * pkg/risk/upgradeable/upgradeable.go, risks() and MajorAndMinorUpdates;
 * pkg/payload/precondition/clusterversion/upgradeable.go, Upgradeable.Run lets patch updates
 * through); one without Available=True fires the critical ClusterOperatorDown after 10 minutes
 * (pkg/cvo/metrics.go, cluster_operator_up). So: Available=True while hco-guard serves,
 * Progressing=False, Degraded=True only while the view has not been synced for longer than the
 * bound, Upgradeable=False while a running VMI blocks a cluster update.
 */
final class ClusterOperatorStatus {

    static final String NAME = "hco-guard";
    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String UPGRADEABLE = "Upgradeable";
    /** The order hco-guard writes its conditions in; other types are not hco-guard's and are dropped. */
    static final List<String> TYPES = List.of(AVAILABLE, PROGRESSING, DEGRADED, UPGRADEABLE);
    static final String AS_EXPECTED = "AsExpected";
    static final String BLOCKED = "VMIsBlockClusterUpdates";
    static final String NOT_SYNCED = "ClusterViewNotSynced";

    /**
     * Where this hco-guard runs: the version it reports and the objects `oc adm inspect` collects
     * with it (openshift/api config/v1 ClusterOperatorStatus.relatedObjects). The Deployment and
     * webhook configurations are named hco-guard in manifests/base.
     */
    record Installation(String version, String namespace) {

        List<Map<String, Object>> relatedObjects() {
            return List.of(
                    related("", "namespaces", "", namespace),
                    related("apps", "deployments", namespace, NAME),
                    related("admissionregistration.k8s.io", "validatingwebhookconfigurations", "", NAME),
                    related("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "", NAME));
        }

        private static Map<String, Object> related(String group, String resource, String namespace, String name) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("group", group);
            object.put("resource", resource);
            if (!namespace.isEmpty()) {
                object.put("namespace", namespace);
            }
            object.put("name", name);
            return object;
        }
    }

    private ClusterOperatorStatus() {
    }

    /**
     * The conditions the view supports now. While the view is not synced, but for less than the
     * bound, Degraded and Upgradeable are left out: they keep what the object says, so a restart
     * (the view syncs within seconds) changes nothing.
     *
     * @param notSyncedFor how long the view has not been synced; zero while it is
     * @param bound how long an unsynced view is a restart rather than a fault (guard.inventory.max-staleness)
     */
    static List<Condition> conditions(VerdictSnapshot snapshot, Duration notSyncedFor, Duration bound, GatePolicy policy) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(Condition.of(AVAILABLE, Condition.TRUE, AS_EXPECTED, "hco-guard answers admission requests."));
        conditions.add(Condition.of(PROGRESSING, Condition.FALSE, AS_EXPECTED, "hco-guard is not changing anything."));
        if (snapshot.synced()) {
            conditions.add(Condition.of(DEGRADED, Condition.FALSE, AS_EXPECTED, "hco-guard's view of the cluster is synced."));
            List<VmiVerdict> blockers = UpgradeBlockers.clusterUpdate(snapshot, policy);
            conditions.add(blockers.isEmpty()
                    ? Condition.of(UPGRADEABLE, Condition.TRUE, AS_EXPECTED, "No running VMI blocks cluster updates.")
                    : Condition.of(UPGRADEABLE, Condition.FALSE, BLOCKED, UpgradeableMessage.clusterUpdate(blockers)));
        } else if (notSyncedFor.compareTo(bound) >= 0) {
            // The message names the bound, not the time since: it must not change while the state does not.
            conditions.add(Condition.of(DEGRADED, Condition.TRUE, NOT_SYNCED, "hco-guard's view of VMIs, VMs, PVCs and"
                    + " StorageClasses has not been synced for " + bound.toSeconds() + "s or more: it cannot judge upgrades."
                    + " Check the hco-guard pods' readiness and logs."));
            conditions.add(Condition.of(UPGRADEABLE, policy.failClosed() ? Condition.FALSE : Condition.UNKNOWN, NOT_SYNCED,
                    "hco-guard cannot verify that no running VMI blocks cluster updates: its view of the cluster is not synced."));
        }
        return conditions;
    }

    /**
     * The status to write: the desired conditions, each keeping its lastTransitionTime while its
     * status stays (a message update is not a transition); a type the desired list leaves out keeps
     * the live condition.
     *
     * @param live the object's status ({@code MissingNode} when it has none)
     * @param now RFC 3339 seconds
     */
    static Map<String, Object> status(List<Condition> desired, JsonNode live, Installation installation, String now) {
        Map<String, Condition> current = new LinkedHashMap<>();
        for (JsonNode node : live.path("conditions")) {
            current.putIfAbsent(node.path("type").asText(), Condition.read(node));
        }
        Map<String, Condition> wanted = new LinkedHashMap<>();
        desired.forEach(c -> wanted.put(c.type(), c));
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (String type : TYPES) {
            Condition want = wanted.get(type);
            Condition have = current.get(type);
            if (want != null) {
                boolean stays = have != null && have.status().equals(want.status()) && have.lastTransitionTime() != null;
                conditions.add(want.since(stays ? have.lastTransitionTime() : now).toMap());
            } else if (have != null) {
                conditions.add(have.toMap());
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", conditions);
        status.put("versions", List.of(Map.of("name", "operator", "version", installation.version())));
        status.put("relatedObjects", installation.relatedObjects());
        return status;
    }

    /** The live Upgradeable condition, if the status has one. */
    static Optional<Condition> upgradeable(JsonNode status) {
        for (JsonNode node : status.path("conditions")) {
            if (UPGRADEABLE.equals(node.path("type").asText())) {
                return Optional.of(Condition.read(node));
            }
        }
        return Optional.empty();
    }
}
