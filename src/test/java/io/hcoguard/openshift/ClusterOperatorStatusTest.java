package io.hcoguard.openshift;

import static io.hcoguard.openshift.SurfaceFixtures.T0;
import static io.hcoguard.openshift.SurfaceFixtures.shutDown;
import static io.hcoguard.openshift.SurfaceFixtures.stallsDrain;
import static io.hcoguard.openshift.SurfaceFixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterOperatorStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final GatePolicy POLICY = GatePolicy.defaults();
    private static final Condition AVAILABLE =
            Condition.of("Available", "True", "AsExpected", "hco-guard answers admission requests.");
    private static final Condition PROGRESSING =
            Condition.of("Progressing", "False", "AsExpected", "hco-guard is not changing anything.");
    private static final Condition NOT_DEGRADED =
            Condition.of("Degraded", "False", "AsExpected", "hco-guard's view of the cluster is synced.");
    private static final Condition DEGRADED = Condition.of("Degraded", "True", "ClusterViewNotSynced",
            "hco-guard's view of VMIs, VMs, PVCs and StorageClasses has not been synced for 60s or more: it cannot judge"
                    + " upgrades. Check the hco-guard pods' readiness and logs.");
    private static final String CANNOT_VERIFY =
            "hco-guard cannot verify that no running VMI blocks cluster updates: its view of the cluster is not synced.";
    private static final ClusterOperatorStatus.Installation INSTALLATION =
            new ClusterOperatorStatus.Installation("0.1.0", "openshift-cnv");

    static Stream<Arguments> conditions() {
        VerdictSnapshot blocked = synced(stallsDrain("db", "pg-0", "worker-1"));
        return Stream.of(
                conditions("a synced view where nothing blocks: upgradeable", synced(), Duration.ZERO, POLICY,
                        List.of(AVAILABLE, PROGRESSING, NOT_DEGRADED,
                                Condition.of("Upgradeable", "True", "AsExpected", "No running VMI blocks cluster updates."))),
                conditions("a VMI that stalls a drain: not upgradeable, with the message", blocked, Duration.ZERO, POLICY,
                        List.of(AVAILABLE, PROGRESSING, NOT_DEGRADED, Condition.of("Upgradeable", "False", "VMIsBlockClusterUpdates",
                                UpgradeableMessage.clusterUpdate(UpgradeBlockers.clusterUpdate(blocked, POLICY))))),
                conditions("a view not synced yet (a restart) leaves Degraded and Upgradeable as they are",
                        blocked.withSynced(false), BOUND.minusSeconds(1), POLICY, List.of(AVAILABLE, PROGRESSING)),
                conditions("a view not synced for the bound: degraded, and not upgradeable as the gate fails closed",
                        blocked.withSynced(false), BOUND, POLICY, List.of(AVAILABLE, PROGRESSING, DEGRADED,
                                Condition.of("Upgradeable", "False", "ClusterViewNotSynced", CANNOT_VERIFY))),
                conditions("a view not synced for the bound with failClosed off: upgradeable unknown",
                        blocked.withSynced(false), BOUND.plusSeconds(30), POLICY.withFailClosed(false), List.of(AVAILABLE,
                                PROGRESSING, DEGRADED, Condition.of("Upgradeable", "Unknown", "ClusterViewNotSynced", CANNOT_VERIFY))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void assertsWhatTheViewSupports(VerdictSnapshot snapshot, Duration notSyncedFor, GatePolicy policy, List<Condition> expected) {
        assertThat(ClusterOperatorStatus.conditions(snapshot, notSyncedFor, BOUND, policy)).isEqualTo(expected);
    }

    @Test
    void aNewStatusPlacesEveryConditionNowWithTheVersionAndTheRelatedObjects() {
        Map<String, Object> status = ClusterOperatorStatus.status(
                ClusterOperatorStatus.conditions(synced(), Duration.ZERO, BOUND, POLICY), MissingNode.getInstance(),
                INSTALLATION, "2026-12-06T10:00:00Z");

        assertThat(JSON.<JsonNode>valueToTree(status)).isEqualTo(tree("""
                {"conditions": [
                   {"type": "Available", "status": "True", "lastTransitionTime": "2026-12-06T10:00:00Z",
                    "reason": "AsExpected", "message": "hco-guard answers admission requests."},
                   {"type": "Progressing", "status": "False", "lastTransitionTime": "2026-12-06T10:00:00Z",
                    "reason": "AsExpected", "message": "hco-guard is not changing anything."},
                   {"type": "Degraded", "status": "False", "lastTransitionTime": "2026-12-06T10:00:00Z",
                    "reason": "AsExpected", "message": "hco-guard's view of the cluster is synced."},
                   {"type": "Upgradeable", "status": "True", "lastTransitionTime": "2026-12-06T10:00:00Z",
                    "reason": "AsExpected", "message": "No running VMI blocks cluster updates."}],
                 "versions": [{"name": "operator", "version": "0.1.0"}],
                 "relatedObjects": [
                   {"group": "", "resource": "namespaces", "name": "openshift-cnv"},
                   {"group": "apps", "resource": "deployments", "namespace": "openshift-cnv", "name": "hco-guard"},
                   {"group": "admissionregistration.k8s.io", "resource": "validatingwebhookconfigurations", "name": "hco-guard"},
                   {"group": "admissionregistration.k8s.io", "resource": "mutatingwebhookconfigurations", "name": "hco-guard"}]}
                """));
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStaysEvenWhenItsMessageChanges() {
        JsonNode before = writtenAtTen(synced(stallsDrain("db", "pg-0", "worker-1")));

        JsonNode after = JSON.valueToTree(ClusterOperatorStatus.status(ClusterOperatorStatus.conditions(
                synced(stallsDrain("db", "pg-0", "worker-1"), shutDown("lab", "scratch", "worker-2")), Duration.ZERO, BOUND, POLICY),
                before, INSTALLATION, "2026-12-06T11:00:00Z"));

        assertThat(after.path("conditions").findValuesAsText("lastTransitionTime")).containsOnly("2026-12-06T10:00:00Z");
        assertThat(after.path("conditions").get(3).path("message").asText()).startsWith("2 running VMIs block cluster updates");
    }

    @Test
    void aChangedStatusIsATransitionNow() {
        JsonNode before = writtenAtTen(synced(stallsDrain("db", "pg-0", "worker-1")));

        JsonNode after = JSON.valueToTree(ClusterOperatorStatus.status(
                ClusterOperatorStatus.conditions(synced(), Duration.ZERO, BOUND, POLICY), before, INSTALLATION, "2026-12-06T11:00:00Z"));

        assertThat(after.path("conditions").findValuesAsText("lastTransitionTime"))
                .containsExactly("2026-12-06T10:00:00Z", "2026-12-06T10:00:00Z", "2026-12-06T10:00:00Z", "2026-12-06T11:00:00Z");
    }

    @Test
    void aRestartBeforeTheViewSyncsWritesTheSameStatusAgain() {
        JsonNode written = writtenAtTen(synced(stallsDrain("db", "pg-0", "worker-1")));

        JsonNode restarted = JSON.valueToTree(ClusterOperatorStatus.status(ClusterOperatorStatus.conditions(
                VerdictSnapshot.notSynced(T0), Duration.ofSeconds(3), BOUND, POLICY), written, INSTALLATION, "2026-12-06T12:00:00Z"));

        assertThat(restarted).isEqualTo(written);
    }

    @Test
    void conditionsOfOtherTypesAreNotKept() {
        JsonNode live = tree("""
                {"conditions": [{"type": "EvaluationConditionsDetected", "status": "True", "lastTransitionTime": "2026-12-01T00:00:00Z"},
                                {"type": "Available", "status": "True", "lastTransitionTime": "2026-12-01T00:00:00Z"}]}
                """);

        Map<String, Object> status = ClusterOperatorStatus.status(List.of(AVAILABLE), live, INSTALLATION, "2026-12-06T10:00:00Z");

        assertThat(JSON.<JsonNode>valueToTree(status).path("conditions")).isEqualTo(tree("""
                [{"type": "Available", "status": "True", "lastTransitionTime": "2026-12-01T00:00:00Z",
                  "reason": "AsExpected", "message": "hco-guard answers admission requests."}]
                """));
    }

    /** The status first written at 10:00 for this synced view. */
    private static JsonNode writtenAtTen(VerdictSnapshot snapshot) {
        return JSON.valueToTree(ClusterOperatorStatus.status(ClusterOperatorStatus.conditions(snapshot, Duration.ZERO, BOUND, POLICY),
                MissingNode.getInstance(), INSTALLATION, "2026-12-06T10:00:00Z"));
    }

    private static Arguments conditions(String name, VerdictSnapshot snapshot, Duration notSyncedFor, GatePolicy policy,
            List<Condition> expected) {
        return Arguments.of(Named.of(name, snapshot), notSyncedFor, policy, expected);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
