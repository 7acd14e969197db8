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

        assertThat(report.nodes()).extracting(ReadinessReport.Node::name).containsExactly("worker-1", "worker-2", "worker-3");
        assertThat(report.nodes().get(1).draining()).isNull();
        JsonNode json = new ObjectMapper().valueToTree(report);
        assertThat(json.at("/nodes/0/draining")).isEqualTo(new ObjectMapper().readTree("""
                {"since": "2025-11-03T10:00:00Z", "drainedBy": "the machine-config operator (drain-rendered-worker-new)",
                 "willNotLeave": 1,
                 "waitsOn": [{"namespace": "db", "vmi": "pg-0", "departure": "WILL_NOT_LEAVE", "drainOutcome": "STALLS_DRAIN",
                              "migrationTarget": ""}]}
                """));
        assertThat(report.toText()).contains("""

                Node worker-1: 1 VMI, 1 blocking
                  draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by the machine-config operator\
                 (drain-rendered-worker-new); waits on 1 VMI that will not leave: db/pg-0
                  ! db/pg-0 (VM db/pg-0): drain STALLS_DRAIN, update STAYS_OUTDATED
                """, """

                Node worker-2: 1 VMI, 0 blocking
                  - web/front (VM web/front): drain MIGRATES, update UPDATED_BY_MIGRATION

                Node worker-3: 0 VMIs, 0 blocking
                  draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by NodeMaintenance nm-worker-3; no running\
                 VMI left on it
                """);
    }

    @Test
    void withoutDrainsTheReportIsWhatItWas() {
        assertThat(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults(), Map.of()))
                .isEqualTo(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults()));
        assertThat(ReadinessReport.of(SNAPSHOT, GatePolicy.defaults()).nodes()).extracting(ReadinessReport.Node::name)
                .containsExactly("worker-1", "worker-2");
    }

    private static Map<String, Draining> draining() {
        Map<String, Draining> draining = new LinkedHashMap<>();
        DrainsInProgress.of(SNAPSHOT).forEach(drain -> draining.put(drain.node(), Draining.of(drain, T0)));
        return draining;
    }
}
