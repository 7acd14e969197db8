package io.hcoguard.progress;

import static io.hcoguard.progress.Drains.T0;
import static io.hcoguard.progress.Drains.cluster;
import static io.hcoguard.progress.Drains.migratable;
import static io.hcoguard.progress.Drains.stalling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.drain.NodeMaintenanceSnapshot.Phase;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.ReadinessReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code nodes[].draining} of the readiness report: since when, by what, on which VMIs. */
class ReadinessReportDrainingTest {

    private static final VerdictSnapshot SNAPSHOT = cluster()
            .node("worker-1", "desiredDrain=drain-rendered-worker-new").node("worker-2").node("worker-3")
            .maintenance("nm-worker-3", "worker-3", Phase.RUNNING)
            .vmi(stalling("db", "pg-0", "worker-1"))
            .vmi(migratable("web", "front", "worker-2"))
            .snapshot();

    @Test
    void aDrainingNodeSaysSinceWhenByWhatAndWhatItWaitsOnAndOtherNodesSayNothing() throws Exception {
        ReadinessReport report = ReadinessReport.of(SNAPSHOT, GatePolicy.defaults(), draining());

        Map<String, Draining> byNode = new LinkedHashMap<>();
        report.nodes().forEach(node -> byNode.put(node.name(), node.draining()));
        assertThat(byNode).containsKeys("worker-1", "worker-2", "worker-3");
        assertThat(byNode.get("worker-2")).isNull();
        JsonNode json = new ObjectMapper().valueToTree(report);
        assertThat(json.at("/nodes/0/name").asText()).isEqualTo("worker-1");
        assertThat(json.at("/nodes/0/draining")).isEqualTo(new ObjectMapper().readTree("""
                {"since": "2025-11-03T10:00:00Z", "drainedBy": "the machine-config operator (drain-rendered-worker-new)",
                 "willNotLeave": 1,
                 "waitsOn": [{"namespace": "db", "vmi": "pg-0", "departure": "WILL_NOT_LEAVE", "drainOutcome": "STALLS_DRAIN",
                              "migrationTarget": ""}]}
                """));
        assertThat(byNode.get("worker-3")).isEqualTo(new Draining("2025-11-03T10:00:00Z", "NodeMaintenance nm-worker-3", 0, List.of()));
        assertThat(lineUnderTheHeaderOf(report.toText(), "worker-1")).isEqualTo("  draining since 2025-11-03T10:00:00Z"
                + " (first seen by hco-guard), by the machine-config operator (drain-rendered-worker-new); waits on 1 VMI that"
                + " will not leave: db/pg-0");
        assertThat(lineUnderTheHeaderOf(report.toText(), "worker-3")).isEqualTo("  draining since 2025-11-03T10:00:00Z"
                + " (first seen by hco-guard), by NodeMaintenance nm-worker-3; no running VMI left on it");
        assertThat(lineUnderTheHeaderOf(report.toText(), "worker-2")).doesNotContain("draining");
    }

    @Test
    void withoutDrainsTheReportIsWhatItWas() {
        assertThat(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults(), Map.of()))
                .isEqualTo(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults()));
        assertThat(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults()).nodes()).extracting(ReadinessReport.Node::draining)
                .containsOnlyNulls();
    }

    /** The line under the node's header line ("Node worker-1...") of the text form. */
    private static String lineUnderTheHeaderOf(String text, String node) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("Node " + node + ":") || lines.get(i).startsWith("Node " + node + " ")) {
                return lines.get(i + 1);
            }
        }
        throw new AssertionError("no line for node " + node + " in:\n" + text);
    }

    private static Map<String, Draining> draining() {
        Map<String, Draining> draining = new LinkedHashMap<>();
        DrainsInProgress.of(SNAPSHOT).forEach(drain -> draining.put(drain.node(), Draining.of(drain, T0)));
        return draining;
    }
}
