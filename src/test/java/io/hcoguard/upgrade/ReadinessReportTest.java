package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.NOTHING_BLOCKS;
import static io.hcoguard.upgrade.GateFixtures.NOT_SYNCED;
import static io.hcoguard.upgrade.GateFixtures.THREE_BLOCKERS;
import static io.hcoguard.upgrade.GateFixtures.T0;
import static io.hcoguard.upgrade.GateFixtures.shutDown;
import static io.hcoguard.upgrade.GateFixtures.stallsDrain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.migratability.Impact;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

    private static final String PATCH = "kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,"
            + "\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":\"None\"}}}}'";

    @Test
    void listsEveryBlockerWithItsFix() {
        ReadinessReport report = ReadinessReport.of(THREE_BLOCKERS);

        assertThat(report.ready()).isFalse();
        assertThat(report.synced()).isTrue();
        assertThat(report.runningVmis()).isEqualTo(120);
        assertThat(report.blockingVmis()).isEqualTo(3);
        assertThat(report.lastChange()).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(report.summary()).isEqualTo("Not ready: 3 running VMIs cannot live migrate: 1 would stall node drains,"
                + " 2 would be shut down for good.");
        assertThat(report.blockers()).containsExactly(
                new ReadinessReport.Entry("db", "pg-0", "pg-0", "STALLS_DRAIN", List.of("PVC pg-0-data on hostpath storage"),
                        "LiveMigrate", "Always",
                        "Fix VM db/pg-0: set runStrategy Always and evictionStrategy None, then restart it so the running"
                                + " VMI picks them up",
                        List.of(PATCH, "virtctl restart pg-0 -n db")),
                new ReadinessReport.Entry("db", "pg-1", "pg-1", "SHUT_DOWN_FOR_GOOD",
                        List.of("PVC pg-1-data not ReadWriteMany"), "None", "Manual",
                        "Fix VM db/pg-1: set runStrategy Always and evictionStrategy None (no restart needed)",
                        List.of(PATCH.replace("pg-0", "pg-1"))),
                new ReadinessReport.Entry("lab", "scratch", null, "SHUT_DOWN_FOR_GOOD", List.of("GPU gpu1"), "None", "none",
                        "Fix standalone VMI lab/scratch: recreate it as a VirtualMachine with runStrategy Always and"
                                + " evictionStrategy None",
                        List.of()));
    }

    @Test
    void printsTheReportForPeople() {
        assertThat(ReadinessReport.of(THREE_BLOCKERS).toText()).isEqualTo("""
                Not ready: 3 running VMIs cannot live migrate: 1 would stall node drains, 2 would be shut down for good.
                Running VMIs: 120, as of 2025-03-01T12:00:00Z.

                - db/pg-0 (VM db/pg-0) would stall node drains: PVC pg-0-data on hostpath storage
                  evictionStrategy=LiveMigrate, runStrategy=Always
                  Fix VM db/pg-0: set runStrategy Always and evictionStrategy None, then restart it so the running VMI picks them up:
                    kubectl patch vm pg-0 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"None"}}}}'
                    virtctl restart pg-0 -n db

                - db/pg-1 (VM db/pg-1) would be shut down for good: PVC pg-1-data not ReadWriteMany
                  evictionStrategy=None, runStrategy=Manual
                  Fix VM db/pg-1: set runStrategy Always and evictionStrategy None (no restart needed):
                    kubectl patch vm pg-1 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"None"}}}}'

                - lab/scratch (standalone VMI) would be shut down for good: GPU gpu1
                  evictionStrategy=None, runStrategy=none
                  Fix standalone VMI lab/scratch: recreate it as a VirtualMachine with runStrategy Always and evictionStrategy None.
                """);
    }

    @Test
    void saysReadyWhenNothingBlocks() {
        ReadinessReport report = ReadinessReport.of(NOTHING_BLOCKS);

        assertThat(report).isEqualTo(new ReadinessReport(true, true, 120, 0, "2025-03-01T12:00:00Z",
                "Ready: none of the 120 running VMIs blocks upgrades.", List.of()));
        assertThat(report.toText()).isEqualTo("""
                Ready: none of the 120 running VMIs blocks upgrades.
                Running VMIs: 120, as of 2025-03-01T12:00:00Z.
                """);
    }

    @Test
    void saysUnknownBeforeTheViewIsSynced() {
        ReadinessReport report = ReadinessReport.of(NOT_SYNCED);

        assertThat(report).isEqualTo(new ReadinessReport(false, false, 0, 0, "2025-03-01T12:00:00Z",
                "Unknown: the cluster view (VMIs, VMs, PVCs, StorageClasses) is not synced yet.", List.of()));
    }

    @Test
    void writesPlainJson() throws Exception {
        String json = new ObjectMapper().writeValueAsString(ReadinessReport.of(GateFixtures.synced(shutDown("db", "pg-1"))));

        assertThat(json).isEqualTo("{\"ready\":false,\"synced\":true,\"runningVmis\":120,\"blockingVmis\":1,"
                + "\"lastChange\":\"2025-03-01T12:00:00Z\","
                + "\"summary\":\"Not ready: 1 running VMI cannot live migrate: 1 would be shut down for good.\","
                + "\"blockers\":[{\"namespace\":\"db\",\"vmi\":\"pg-1\",\"vm\":\"pg-1\",\"impact\":\"SHUT_DOWN_FOR_GOOD\","
                + "\"reasons\":[\"PVC pg-1-data not ReadWriteMany\"],\"evictionStrategy\":\"None\",\"runStrategy\":\"Manual\","
                + "\"remediation\":\"Fix VM db/pg-1: set runStrategy Always and evictionStrategy None (no restart needed)\","
                + "\"commands\":[\"kubectl patch vm pg-1 -n db --type=merge -p '{\\\"spec\\\":{\\\"running\\\":null,"
                + "\\\"runStrategy\\\":\\\"Always\\\",\\\"template\\\":{\\\"spec\\\":{\\\"evictionStrategy\\\":\\\"None\\\"}}}}'\"]}]}");
    }

    @Test
    void snapshotSortsBlockersAndCountsThemByImpact() {
        BlockerSnapshot snapshot = new BlockerSnapshot(true,
                List.of(stallsDrain("b", "x"), shutDown("a", "z"), stallsDrain("a", "y")), 9, T0);

        assertThat(snapshot.blockers()).extracting(b -> b.vmiRef()).containsExactly("a/y", "a/z", "b/x");
        assertThat(snapshot.count(Impact.STALLS_DRAIN)).isEqualTo(2);
        assertThat(snapshot.count(Impact.SHUT_DOWN_FOR_GOOD)).isEqualTo(1);
        assertThat(snapshot.ready()).isFalse();
        assertThat(NOTHING_BLOCKS.ready()).isTrue();
        assertThat(NOT_SYNCED.ready()).isFalse();
    }
}
