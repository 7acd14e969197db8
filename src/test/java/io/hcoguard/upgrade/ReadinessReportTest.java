package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.NOTHING_BLOCKS;
import static io.hcoguard.upgrade.GateFixtures.NOT_SYNCED;
import static io.hcoguard.upgrade.GateFixtures.POLICY;
import static io.hcoguard.upgrade.GateFixtures.THREE_BLOCKERS;
import static io.hcoguard.upgrade.GateFixtures.shutDown;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

    @Test
    void groupsEveryRunningVmiByNodeWithBothOutcomes() {
        ReadinessReport report = ReadinessReport.of(GateFixtures.synced(
                GateFixtures.stallsDrain("db", "pg-0"), shutDown("db", "pg-1"), GateFixtures.standalone("lab", "scratch"),
                Verdicts.vmi("web", "front").on("worker-1").strategy(EvictionStrategy.LIVE_MIGRATE)), POLICY);

        assertThat(report.ready()).isFalse();
        assertThat(report.runningVmis()).isEqualTo(4);
        assertThat(report.nodes()).extracting(ReadinessReport.Node::name).containsExactly("worker-1", "worker-2");
        assertThat(report.nodes().get(0).vmis()).extracting(e -> e.namespace() + "/" + e.vmi() + " " + e.drainOutcome()
                + " " + e.updateOutcome() + " " + e.blocks())
                .containsExactly("db/pg-0 STALLS_DRAIN STAYS_OUTDATED [cluster]",
                        "web/front MIGRATES UPDATED_BY_MIGRATION []");
        assertThat(report.nodes().get(1).vmis()).extracting(e -> e.namespace() + "/" + e.vmi() + " " + e.drainOutcome()
                + " " + e.updateOutcome() + " " + e.blocks())
                .containsExactly("db/pg-1 SHUT_DOWN_FOR_GOOD SHUT_DOWN_FOR_GOOD [cluster, virtualization]",
                        "lab/scratch SHUT_DOWN_FOR_GOOD SHUT_DOWN_FOR_GOOD [cluster, virtualization]");
        assertThat(report.nodes()).extracting(ReadinessReport.Node::blocking).containsExactly(1, 2);
        assertThat(report.clusterUpgrade()).isEqualTo(new ReadinessReport.Gate(false, 3, java.util.Map.of(
                "MIGRATES", 1, "STALLS_DRAIN", 1, "WAITS_FOR_EXTERNAL_CONTROLLER", 0, "RESTARTED", 0,
                "SHUT_DOWN_FOR_GOOD", 2), "drained: every node (no MachineConfigPool exists)"));
        assertThat(report.virtualizationUpgrade().blocking()).isEqualTo(2);
        assertThat(report.summary()).isEqualTo("Not ready: a cluster upgrade is blocked by 3 running VMIs (would stall"
                + " a drain or be shut down for good); an OKD Virtualization upgrade is blocked by 2 running VMIs (would be"
                + " shut down for good by the workload update).");
    }

    @Test
    void listsAFinishedVmiThatStallsADrainUnderItsNodeMarkedFinishedAndNotAsARunningVmi() {
        VerdictSnapshot running = GateFixtures.synced(GateFixtures.stallsDrain("db", "pg-0"));
        VerdictSnapshot snapshot = VerdictSnapshot.of(true, running.running(),
                List.of(GateFixtures.finished("batch", "report", "worker-1")), running.settings(), running.topology(), running.lastChange());

        ReadinessReport report = ReadinessReport.of(snapshot, POLICY);

        assertThat(report.runningVmis()).isEqualTo(1);
        assertThat(report.clusterUpgrade().blocking()).isEqualTo(2);
        assertThat(report.clusterUpgrade().outcomes()).containsEntry("STALLS_DRAIN", 1);
        assertThat(report.virtualizationUpgrade().outcomes()).containsEntry("STAYS_OUTDATED", 1);
        assertThat(report.summary()).isEqualTo("Not ready: a cluster upgrade is blocked by 1 running VMI and 1 finished VMI"
                + " (would stall a drain or be shut down for good).");
        String text = report.toText();
        assertThat(text).contains("""

                Node worker-1: 2 VMIs, 2 blocking
                  ! batch/report (VM batch/report, finished Succeeded): drain STALLS_DRAIN
                      drain: has finished (Succeeded), and KubeVirt v1.2.2 refuses forever to evict its completed virt-launcher pod (LiveMigrate, not migratable; fixed in v1.3.1): the drain of worker-1 waits forever
                      why: LiveMigratable=False (DisksNotLiveMigratable)
                      evictionStrategy=LiveMigrate, runStrategy Manual
                      Delete finished VMI batch/report (its completed virt-launcher pod goes with it), or update KubeVirt v1.2.2 to v1.3.1 or later:
                        kubectl delete vmi report -n batch
                  ! db/pg-0 (VM db/pg-0): drain STALLS_DRAIN, update STAYS_OUTDATED
                """);
        ReadinessReport.Entry entry = report.nodes().get(0).vmis().get(0);
        assertThat(entry.finished()).isEqualTo("Succeeded");
        assertThat(entry.updateOutcome()).isNull();
        assertThat(entry.blocks()).containsExactly("cluster");
    }

    @Test
    void givesEachBlockerTheFixThatFitsItsOutcome() {
        List<ReadinessReport.Entry> entries = ReadinessReport.of(THREE_BLOCKERS, POLICY).nodes().stream()
                .flatMap(n -> n.vmis().stream()).toList();

        assertThat(entries).extracting(ReadinessReport.Entry::remediation).containsExactly(
                "Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then"
                        + " restart it so the running VMI picks them up",
                "Set runStrategy Always on VM db/pg-1 (read live by the VM controller, no restart needed)",
                "Recreate standalone VMI lab/scratch as a VirtualMachine with runStrategy Always");
        assertThat(entries.get(0).commands()).containsExactly(
                "kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\","
                        + "\"template\":{\"spec\":{\"evictionStrategy\":\"LiveMigrateIfPossible\"}}}}'",
                "virtctl restart pg-0 -n db");
        assertThat(entries.get(1).commands()).containsExactly(
                "kubectl patch vm pg-1 -n db --type=merge -p '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\"}}'");
        assertThat(entries.get(2).commands()).isEmpty();
    }

    @Test
    void printsTheReportForPeopleNodeByNode() {
        assertThat(ReadinessReport.of(THREE_BLOCKERS, POLICY).toText()).isEqualTo("""
                Not ready: a cluster upgrade is blocked by 3 running VMIs (would stall a drain or be shut down for good); an OKD Virtualization upgrade is blocked by 2 running VMIs (would be shut down for good by the workload update).
                Running VMIs: 3, as of 2025-03-01T12:00:00Z.
                Cluster settings: evictionStrategy None (not set), workloadUpdateMethods [LiveMigrate, Evict], live migration on.
                KubeVirt version: not reported.
                Migration targets: not judged: the view knows no Node.
                A cluster upgrade: nodes drained: every node (no MachineConfigPool exists).
                Drain outcomes: STALLS_DRAIN 1, SHUT_DOWN_FOR_GOOD 2.
                Workload-update outcomes: SHUT_DOWN_FOR_GOOD 2, STAYS_OUTDATED 1.

                Node worker-1: 1 VMI, 1 blocking
                  ! db/pg-0 (VM db/pg-0): drain STALLS_DRAIN, update STAYS_OUTDATED
                      drain: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                      update: keeps the outdated launcher: it refuses eviction (LiveMigrate, not migratable)
                      why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-0-data not ReadWriteMany
                      evictionStrategy=LiveMigrate, runStrategy Always
                      Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then restart it so the running VMI picks them up:
                        kubectl patch vm pg-0 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}'
                        virtctl restart pg-0 -n db

                Node worker-2: 2 VMIs, 2 blocking
                  ! db/pg-1 (VM db/pg-1): drain SHUT_DOWN_FOR_GOOD, update SHUT_DOWN_FOR_GOOD
                      drain: is shut down at eviction (evictionStrategy None) and not restarted: runStrategy Manual
                      update: is evicted by the workload update and not restarted: runStrategy Manual
                      why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-1-data not ReadWriteMany
                      evictionStrategy=None, runStrategy Manual
                      Set runStrategy Always on VM db/pg-1 (read live by the VM controller, no restart needed):
                        kubectl patch vm pg-1 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always"}}'
                  ! lab/scratch (standalone VMI): drain SHUT_DOWN_FOR_GOOD, update SHUT_DOWN_FOR_GOOD
                      drain: is shut down at eviction (evictionStrategy None) and not restarted: standalone VMI
                      update: is evicted by the workload update and not restarted: standalone VMI
                      why: LiveMigratable=False (HostDeviceNotLiveMigratable), host device gpu1
                      evictionStrategy=None, standalone VMI
                      Recreate standalone VMI lab/scratch as a VirtualMachine with runStrategy Always.
                """);
    }

    @Test
    void saysReadyWhenNothingBlocks() {
        ReadinessReport report = ReadinessReport.of(NOTHING_BLOCKS, POLICY);

        assertThat(report.ready()).isTrue();
        assertThat(report.nodes()).isEmpty();
        assertThat(report.summary()).isEqualTo("Ready: none of the 0 running VMIs blocks an upgrade.");
    }

    @Test
    void saysUnknownBeforeTheViewIsSynced() {
        ReadinessReport report = ReadinessReport.of(NOT_SYNCED, POLICY);

        assertThat(report.ready()).isFalse();
        assertThat(report.synced()).isFalse();
        assertThat(report.clusterUpgrade().ready()).isFalse();
        assertThat(report.summary()).isEqualTo("Unknown: the cluster view (VMIs, VMs, storage, nodes) is not synced yet.");
    }

    @Test
    void countsExternalVmisAsBlockersOnlyWhenConfigured() {
        var snapshot = GateFixtures.synced(Verdicts.vmi("capi", "worker-a").strategy(EvictionStrategy.EXTERNAL));

        assertThat(ReadinessReport.of(snapshot, POLICY).clusterUpgrade().ready()).isTrue();
        assertThat(ReadinessReport.of(snapshot, POLICY.withExternalBlocks(true)).clusterUpgrade())
                .extracting(ReadinessReport.Gate::ready, ReadinessReport.Gate::blocking).containsExactly(false, 1);
    }

    @Test
    void writesPlainJson() throws Exception {
        String json = new ObjectMapper().writeValueAsString(ReadinessReport.of(GateFixtures.synced(shutDown("db", "pg-1")), POLICY));

        assertThat(json).startsWith("{\"ready\":false,\"synced\":true,\"runningVmis\":1,"
                + "\"lastChange\":\"2025-03-01T12:00:00Z\",");
        assertThat(json).contains("\"settings\":{\"evictionStrategy\":\"None (not set)\",\"workloadUpdateMethods\":"
                + "\"[LiveMigrate, Evict]\",\"batchEvictionSize\":10,\"liveMigration\":\"on\"}");
        assertThat(json).contains("\"kubeVirtVersion\":null,\"placement\":\"not judged: the view knows no Node\",");
        assertThat(json).contains("\"pools\":[],\"nodes\":[{\"name\":\"worker-2\",\"pool\":null,\"known\":false,"
                + "\"schedulable\":false,\"ready\":false,\"maintenance\":null,\"blocking\":1,\"vmis\":[{\"namespace\":\"db\","
                + "\"vmi\":\"pg-1\",\"vm\":\"pg-1\",\"controller\":\"VM db/pg-1\",\"evictionStrategy\":\"None\","
                + "\"evictionStrategyInherited\":false,\"restart\":\"runStrategy Manual\",");
    }
}
